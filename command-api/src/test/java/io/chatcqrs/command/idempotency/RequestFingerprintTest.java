package io.chatcqrs.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {
  private static final String ROUTE = "/v1/chats/{chatId}/messages/{messageId}";
  private static final Map<String, String> PATH = Map.of("chatId", "c1", "messageId", "m1");

  private static String fingerprint(String json) {
    return RequestFingerprint.of("PATCH", ROUTE, PATH, json == null ? null : new JsonObject(json));
  }

  @Test
  void should_ignore_member_order_and_whitespace() {
    assertThat(fingerprint("{\"text\":\"hi\",\"n\":{\"b\":1,\"a\":[1,2]}}"))
        .isEqualTo(
            fingerprint(" { \"n\" : { \"a\" : [ 1 , 2 ] , \"b\" : 1 } ,\n \"text\" : \"hi\" } "));
  }

  @Test
  void should_treat_one_number_in_any_notation_and_escaped_strings_as_the_same() {
    assertThat(fingerprint("{\"seq\":100}"))
        .isEqualTo(fingerprint("{\"seq\":100.0}"))
        .isEqualTo(fingerprint("{\"seq\":1e2}"));
    assertThat(fingerprint("{\"text\":\"caf\\u00e9 \\ud83d\\ude00\"}"))
        .isEqualTo(fingerprint("{\"text\":\"café 😀\"}"));
  }

  @Test
  void should_differ_for_any_other_value() {
    String base = fingerprint("{\"text\":\"hi\"}");
    assertThat(fingerprint("{\"text\":\"hi \"}")).isNotEqualTo(base);
    assertThat(fingerprint("{\"text\":\"Hi\"}")).isNotEqualTo(base);
    assertThat(fingerprint("{\"text\":\"hi\",\"extra\":null}")).isNotEqualTo(base);
    assertThat(fingerprint("{}")).isNotEqualTo(base);
    assertThat(fingerprint(null)).isNotEqualTo(fingerprint("{}"));
    assertThat(fingerprint("{\"a\":[1,2]}")).isNotEqualTo(fingerprint("{\"a\":[2,1]}"));
    assertThat(fingerprint("{\"a\":1}")).isNotEqualTo(fingerprint("{\"a\":\"1\"}"));
  }

  @Test
  void should_differ_for_another_method_route_or_path_parameter() {
    JsonObject body = new JsonObject().put("text", "hi");
    String base = RequestFingerprint.of("PATCH", ROUTE, PATH, body);
    assertThat(RequestFingerprint.of("DELETE", ROUTE, PATH, body)).isNotEqualTo(base);
    assertThat(RequestFingerprint.of("PATCH", "/v1/chats/{chatId}/read", PATH, body))
        .isNotEqualTo(base);
    assertThat(
            RequestFingerprint.of("PATCH", ROUTE, Map.of("chatId", "c1", "messageId", "m2"), body))
        .isNotEqualTo(base);
    assertThat(
            RequestFingerprint.of("PATCH", ROUTE, Map.of("chatId", "m1", "messageId", "c1"), body))
        .isNotEqualTo(base);
  }

  @Test
  void should_write_a_canonical_document_and_a_sha256_digest() {
    assertThat(
            RequestFingerprint.canonicalForm(
                "POST",
                "/v1/chats",
                Map.of(),
                new JsonObject(
                    "{\"type\":\"group\",\"title\":\"t\\\"\\n\\u0001\",\"members\":[\"b\"],"
                        + "\"x\":1.50}")))
        .isEqualTo(
            "{\"body\":{\"members\":[\"b\"],\"title\":\"t\\\"\\n\\u0001\",\"type\":\"group\","
                + "\"x\":1.5},\"method\":\"POST\",\"path\":{},\"route\":\"/v1/chats\"}");
    assertThat(fingerprint("{\"text\":\"hi\"}")).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void should_write_numbers_in_one_form() {
    assertThat(RequestFingerprint.CanonicalJson.number(0.0)).isEqualTo("0");
    assertThat(RequestFingerprint.CanonicalJson.number(-0.0)).isEqualTo("0");
    assertThat(RequestFingerprint.CanonicalJson.number(7L)).isEqualTo("7");
    assertThat(RequestFingerprint.CanonicalJson.number(9007199254740991L))
        .isEqualTo("9007199254740991");
    assertThat(RequestFingerprint.CanonicalJson.number(Double.POSITIVE_INFINITY))
        .isEqualTo("Infinity");
  }
}

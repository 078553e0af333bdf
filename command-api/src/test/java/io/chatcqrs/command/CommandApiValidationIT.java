package io.chatcqrs.command;

import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.SeededChats;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every class of bad input gets its status and a problem+json body, and appends nothing: the test
 * sends the bad request, then a valid marker command, and asserts the topic grew by the marker
 * alone.
 */
@ChatInfraTest
class CommandApiValidationIT {
  static final String GROUP = "gknown";
  static final String MESSAGE_OF_OWEN =
      MessageId.derive(ChatId.of(GROUP), UserId.of("owen"), ClientMsgId.of("x")).value();
  static final String DELETED_MESSAGE =
      MessageId.derive(ChatId.of(GROUP), UserId.of("owen"), ClientMsgId.of("gone")).value();

  static RunningCommandApi api;
  static EventLog log;

  @BeforeAll
  static void start(ChatInfra infra) {
    ChatInfra.Isolation isolation = infra.isolate();
    api =
        RunningCommandApi.start(
            infra, isolation, Map.of("ratelimit.enabled", false, "chat.max-group-members", 3));
    log = new EventLog(infra.bootstrapServers(), isolation.topics().chatEvents());
    String ks = isolation.keyspace();
    SeededChats.chat(infra, isolation, "marker", "group", "marker");
    infra
        .session()
        .execute("INSERT INTO " + ks + ".chats (chat_id, type) VALUES ('" + GROUP + "', 'group')");
    infra
        .session()
        .execute("INSERT INTO " + ks + ".chats (chat_id, type) VALUES ('dknown', 'direct')");
    for (String member : new String[] {"owen", "pia"}) {
      infra
          .session()
          .execute(
              "INSERT INTO "
                  + ks
                  + ".members_by_chat (chat_id, user_id) VALUES ('"
                  + GROUP
                  + "', '"
                  + member
                  + "')");
      infra
          .session()
          .execute(
              "INSERT INTO "
                  + ks
                  + ".members_by_chat (chat_id, user_id) VALUES ('dknown', '"
                  + member
                  + "')");
    }
    infra
        .session()
        .execute(
            "INSERT INTO "
                + ks
                + ".messages_by_id (chat_id, message_id, sender_id, deleted) VALUES ('"
                + GROUP
                + "', '"
                + MESSAGE_OF_OWEN
                + "', 'owen', false)");
    infra
        .session()
        .execute(
            "INSERT INTO "
                + ks
                + ".messages_by_id (chat_id, message_id, sender_id, deleted) VALUES ('"
                + GROUP
                + "', '"
                + DELETED_MESSAGE
                + "', 'owen', true)");
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void should_answer_400_for_malformed_json_and_schema_violations() {
    rejected(400, () -> send("POST", "/v1/chats/g1/messages", "{\"client_msg_id\":"));
    rejected(400, () -> send("POST", "/v1/chats/g1/messages", "[1,2]"));
    rejected(400, () -> send("POST", "/v1/chats/g1/messages", "{\"text\":\"no id\"}"));
    rejected(
        400,
        () -> send("POST", "/v1/chats/g1/messages", "{\"client_msg_id\":\"c\",\"text\":\"\"}"));
    rejected(400, () -> send("POST", "/v1/chats/g1/messages", message("c", "x".repeat(4001))));
    rejected(400, () -> send("POST", "/v1/chats/g1/messages", message("bad id!", "hi")));
    rejected(
        400, () -> send("POST", "/v1/chats/g1/messages", "{\"client_msg_id\":\"c\",\"text\":7}"));
    rejected(
        400, () -> send("POST", "/v1/chats/" + "x".repeat(65) + "/messages", message("c", "hi")));
    rejected(400, () -> send("POST", "/v1/chats/g1/read", "{\"seq\":-1}"));
    rejected(400, () -> send("POST", "/v1/chats/g1/members", "{\"user_id\":\"a b\"}"));
    rejected(400, () -> send("POST", "/v1/chats/g1/members", "{\"user_ids\":[]}"));
    rejected(400, () -> send("POST", "/v1/chats/g1/members", "{\"user_ids\":[\"ok\",\"a b\"]}"));
    rejected(
        400,
        () -> send("POST", "/v1/chats/g1/members", "{\"user_id\":\"a\",\"user_ids\":[\"b\"]}"));
    rejected(400, () -> send("POST", "/v1/chats/g1/members", "{}"));
    rejected(400, () -> send("POST", "/v1/chats", "{\"type\":\"channel\",\"members\":[]}"));
    rejected(
        400, () -> send("POST", "/v1/chats", "{\"type\":\"direct\",\"members\":[\"a\",\"b\"]}"));
    rejected(400, () -> send("POST", "/v1/chats", "{\"type\":\"direct\",\"members\":[\"nina\"]}"));
    rejected(
        400,
        () -> send("POST", "/v1/chats", "{\"type\":\"group\",\"members\":[\"a\",\"b\",\"c\"]}"));
    rejected(400, () -> send("POST", "/v1/chats/g1/messages", null));
  }

  @Test
  void should_answer_400_for_invalid_utf8_nul_and_lone_surrogates() {
    byte[] invalidUtf8 =
        "{\"client_msg_id\":\"c\",\"text\":\"a??\"}".getBytes(StandardCharsets.UTF_8);
    invalidUtf8[invalidUtf8.length - 4] = (byte) 0xC3;
    invalidUtf8[invalidUtf8.length - 3] = (byte) 0x28;
    rejected(
        400,
        () ->
            api.send(
                "POST", "/v1/chats/g1/messages", bearer("nina"), invalidUtf8, "application/json"));
    rejected(
        400,
        () ->
            send(
                "POST",
                "/v1/chats/g1/messages",
                "{\"client_msg_id\":\"c\",\"text\":\"a\\u0000b\"}"));
    rejected(
        400,
        () ->
            send(
                "POST",
                "/v1/chats/g1/messages",
                "{\"client_msg_id\":\"c\",\"text\":\"a\\ud800b\"}"));
  }

  @Test
  void should_answer_401_with_www_authenticate_for_bad_tokens() throws Exception {
    String body = message("c", "hi");
    TokenIssuerCase[] cases = {
      new TokenIssuerCase(null),
      new TokenIssuerCase("Basic dXNlcjpwYXNz"),
      new TokenIssuerCase("Bearer not-a-jwt"),
      new TokenIssuerCase(
          "Bearer "
              + new io.chatcqrs.platform.auth.TokenIssuer(
                      RunningCommandApi.SECRET,
                      Clock.fixed(Instant.now().minusSeconds(7200), ZoneOffset.UTC))
                  .userToken(UserId.of("nina"), Duration.ofMinutes(5))),
      new TokenIssuerCase(
          "Bearer "
              + new io.chatcqrs.platform.auth.TokenIssuer(
                      "another-secret-0123456789abcdef0123456789")
                  .userToken(UserId.of("nina"), Duration.ofMinutes(5))),
      new TokenIssuerCase("Bearer " + unsigned("none", "")),
      new TokenIssuerCase("Bearer " + signed("HS512", "HmacSHA512")),
    };
    for (TokenIssuerCase c : cases) {
      HttpResponse<String> response =
          rejected(
              401,
              () ->
                  api.send(
                      "POST",
                      "/v1/chats/g1/messages",
                      c.authorization,
                      body.getBytes(StandardCharsets.UTF_8),
                      "application/json"));
      assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    }
  }

  @Test
  void should_answer_413_for_a_body_over_64_kib_and_415_for_other_content_types() {
    String huge = message("c", "x".repeat(70 * 1024));
    rejected(413, () -> send("POST", "/v1/chats/g1/messages", huge));
    rejected(
        415,
        () ->
            api.send(
                "POST",
                "/v1/chats/g1/messages",
                bearer("nina"),
                message("c", "hi").getBytes(StandardCharsets.UTF_8),
                "text/plain"));
  }

  @Test
  void should_answer_404_to_non_members_and_for_unknown_messages_or_routes() {
    rejected(404, () -> send("POST", "/v1/chats/" + GROUP + "/messages", message("c", "hi")));
    rejected(404, () -> send("POST", "/v1/chats/" + GROUP + "/read", "{\"seq\":1}"));
    rejected(404, () -> send("POST", "/v1/chats/" + GROUP + "/members", "{\"user_id\":\"nina\"}"));
    rejected(
        404,
        () ->
            api.call(
                "PATCH", "/v1/chats/" + GROUP + "/messages/mnope", "owen", "{\"text\":\"x\"}"));
    rejected(404, () -> api.call("DELETE", "/v1/chats/" + GROUP + "/messages/mnope", "owen", null));
    rejected(404, () -> api.call("GET", "/v1/nowhere", "owen", null));
  }

  @Test
  void should_answer_403_to_non_senders_and_in_direct_chats_and_409_for_deleted_messages() {
    String path = "/v1/chats/" + GROUP + "/messages/";
    rejected(403, () -> api.call("PATCH", path + MESSAGE_OF_OWEN, "pia", "{\"text\":\"x\"}"));
    rejected(403, () -> api.call("DELETE", path + MESSAGE_OF_OWEN, "pia", null));
    rejected(409, () -> api.call("PATCH", path + DELETED_MESSAGE, "owen", "{\"text\":\"x\"}"));
    rejected(
        403, () -> api.call("POST", "/v1/chats/dknown/members", "owen", "{\"user_id\":\"zed\"}"));
    rejected(403, () -> api.call("DELETE", "/v1/chats/dknown/members/pia", "owen", null));
  }

  private static HttpResponse<String> rejected(int status, Supplier<HttpResponse<String>> call) {
    long before = log.count();
    HttpResponse<String> response = call.get();
    assertProblem(response, status);
    HttpResponse<String> marker =
        api.call("POST", "/v1/chats/marker/messages", "marker", message("m" + before, "marker"));
    assertThat(marker.statusCode()).as(marker.body()).isEqualTo(202);
    assertThat(log.count()).as("records appended besides the marker").isEqualTo(before + 1);
    return response;
  }

  private static HttpResponse<String> send(String method, String path, String body) {
    return api.call(method, path, "nina", body);
  }

  private static String bearer(String user) {
    return "Bearer " + api.token(user);
  }

  private static String message(String clientMsgId, String text) {
    return new JsonObject().put("client_msg_id", clientMsgId).put("text", text).encode();
  }

  private static String unsigned(String alg, String signature) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long exp = Instant.now().getEpochSecond() + 600;
    return b64.encodeToString(
            ("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(
            ("{\"sub\":\"nina\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8))
        + "."
        + signature;
  }

  private static String signed(String alg, String mac) throws Exception {
    String unsigned = unsigned(alg, "");
    String input = unsigned.substring(0, unsigned.length() - 1);
    Mac hmac = Mac.getInstance(mac);
    hmac.init(new SecretKeySpec(RunningCommandApi.SECRET.getBytes(StandardCharsets.UTF_8), mac));
    return input
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(hmac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
  }

  private record TokenIssuerCase(String authorization) {}
}

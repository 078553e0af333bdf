package io.chatcqrs.reliability.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written hostile corpus, per class: malformed and deeply nested JSON, huge bodies and
 * headers, invalid UTF-8, control characters, ids with path tricks, wrong content types, forged and
 * broken tokens, and other users' resources. {@link Fuzzer} adds generated requests.
 */
public final class HostileCorpus {
  /** Every command endpoint as method and path template ({c} chat, {m} message, {u} user). */
  static final List<String[]> COMMAND_ENDPOINTS =
      List.of(
          new String[] {"POST", "/v1/chats"},
          new String[] {"POST", "/v1/chats/{c}/members"},
          new String[] {"DELETE", "/v1/chats/{c}/members/{u}"},
          new String[] {"POST", "/v1/chats/{c}/messages"},
          new String[] {"PATCH", "/v1/chats/{c}/messages/{m}"},
          new String[] {"DELETE", "/v1/chats/{c}/messages/{m}"},
          new String[] {"POST", "/v1/chats/{c}/read"},
          new String[] {"GET", "/health/live"},
          new String[] {"GET", "/health/ready"},
          new String[] {"GET", "/metrics"},
          new String[] {"GET", "/openapi.yaml"});

  /** Every query endpoint. */
  static final List<String[]> QUERY_ENDPOINTS =
      List.of(
          new String[] {"GET", "/v1/me/rooms"},
          new String[] {"GET", "/v1/users/{u}/rooms"},
          new String[] {"GET", "/v1/chats/{c}"},
          new String[] {"GET", "/v1/chats/{c}/messages"},
          new String[] {"GET", "/v1/me/events"},
          new String[] {"GET", "/health/live"},
          new String[] {"GET", "/health/ready"},
          new String[] {"GET", "/metrics"},
          new String[] {"GET", "/openapi.yaml"});

  /** Ids that try to escape their path segment or break id validation. */
  static final List<String> TRICKY_IDS =
      List.of(
          "..",
          "../",
          "..%2F..%2Fhealth%2Flive",
          "%2F",
          "%252F",
          "a%00b",
          "%0d%0aX-Injected:1",
          "%C3%BC",
          "%E2%80%AE",
          "%EF%BC%8F",
          "x".repeat(65),
          "x".repeat(5000),
          "a;b=c",
          "a?b",
          ".%2E",
          "~root",
          "null",
          "-1",
          "%FF%FE");

  /**
   * Ids and cursors with malformed percent-escapes. They answer 500 today (Vert.x's {@code
   * normalizedPath()} and query decoding throw IllegalArgumentException, see RELIABILITY.md, bug
   * 2), so they are kept out of the corpus and the fuzzer and tested on their own by {@code
   * HostileInputIT.malformed_percent_escapes_are_client_errors_not_500}.
   */
  public static final List<String> MALFORMED_ESCAPES = List.of("%", "%zz", "a%2", "%%", "%u0041");

  private HostileCorpus() {}

  /** The corpus against {@code target}. */
  public static List<HostileRequest> build(Target target) {
    List<HostileRequest> out = new ArrayList<>();
    String auth = "Bearer " + target.attackerToken();
    String ownChat = "/v1/chats/c-" + target.attacker();
    // malformed JSON
    for (String body :
        List.of(
            "{",
            "{\"text\":}",
            "[1,2",
            "null",
            "\"str\"",
            "{\"client_msg_id\":1e99999999}",
            "{\"client_msg_id\":\"a\",\"text\":\"b\"} trailing",
            "{'single':'quotes'}",
            "{\"text\":\"\\ud800\"}",
            "\ufeff{\"a\":1}",
            "{\"seq\":NaN}",
            "{\"seq\":-1}",
            "{\"seq\":99999999999999999999999}",
            "{\"members\":{\"$gt\":\"\"}}",
            "")) {
      for (String[] e : COMMAND_ENDPOINTS.subList(0, 7)) {
        out.add(
            json(
                "malformed JSON",
                e[0],
                fill(e[1], target),
                auth,
                body.getBytes(StandardCharsets.UTF_8)));
      }
    }
    // deeply nested JSON
    out.add(json("deeply nested JSON", "POST", "/v1/chats", auth, nested("[", "]", 30_000)));
    out.add(
        json(
            "deeply nested JSON",
            "POST",
            ownChat + "/messages",
            auth,
            nested("{\"a\":", "}", 10_000)));
    out.add(
        json(
            "deeply nested JSON",
            "POST",
            "/v1/chats",
            auth,
            ("{\"type\":\"group\",\"members\":" + new String(nested("[", "]", 20_000)) + "}")
                .getBytes()));
    // huge bodies and headers
    out.add(
        json(
            "huge body",
            "POST",
            ownChat + "/messages",
            auth,
            ("{\"client_msg_id\":\"h\",\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes()));
    out.add(json("huge body", "POST", "/v1/chats", auth, new byte[70 * 1024]));
    out.add(
        json(
            "huge body",
            "POST",
            ownChat + "/messages",
            auth,
            ("{\"client_msg_id\":\"h2\",\"text\":\"" + "y".repeat(4001) + "\"}").getBytes()));
    out.add(
        raw(
            "huge body",
            false,
            "POST",
            ownChat + "/messages",
            List.of(
                new String[] {"Authorization", auth},
                new String[] {"Content-Type", "application/json"},
                new String[] {"Content-Length", "999999999999"}),
            "{}".getBytes(),
            false));
    out.add(
        raw(
            "huge headers",
            true,
            "GET",
            "/v1/me/rooms",
            List.of(
                new String[] {"Authorization", auth}, new String[] {"X-Big", "h".repeat(100_000)}),
            null,
            false));
    List<String[]> many = new ArrayList<>();
    many.add(new String[] {"Authorization", auth});
    for (int i = 0; i < 2000; i++) {
      many.add(new String[] {"X-H" + i, "v"});
    }
    out.add(raw("huge headers", true, "GET", "/v1/me/rooms", many, null, false));
    out.add(raw("huge headers", false, "POST", "/v1/chats", many, "{}".getBytes(), true));
    out.addAll(EncodingCorpus.build(target, auth, ownChat));
    out.addAll(AccessCorpus.build(target));
    return out;
  }

  static String fill(String template, Target target) {
    return template
        .replace("{c}", target.victimChat())
        .replace("{m}", target.victimMessage())
        .replace("{u}", target.victim());
  }

  static HostileRequest json(String kind, String method, String path, String auth, byte[] body) {
    boolean query = method.equals("GET");
    return raw(
        kind,
        query,
        method,
        path,
        List.of(
            new String[] {"Authorization", auth},
            new String[] {"Content-Type", "application/json"}),
        body,
        true);
  }

  static HostileRequest raw(
      String kind,
      boolean query,
      String method,
      String path,
      List<String[]> headers,
      byte[] body,
      boolean length) {
    String name = method + " " + (path.length() > 80 ? path.substring(0, 80) + "..." : path);
    return new HostileRequest(
        kind,
        name,
        query,
        RawHttp.request(method, path.getBytes(StandardCharsets.UTF_8), headers, body, length));
  }

  static byte[] nested(String open, String close, int depth) {
    return (open.repeat(depth) + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

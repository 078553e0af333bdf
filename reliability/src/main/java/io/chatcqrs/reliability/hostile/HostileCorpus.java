package io.chatcqrs.reliability.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written hostile corpus, per class: malformed and deeply nested JSON, huge bodies and
 * headers, invalid UTF-8, control characters, ids with path tricks, wrong content types, forged and
 * broken tokens, other users' resources and unknown chats. Every request carries the status the
 * contract (DESIGN.md, "Contract details" and "Contract v1.1") gives it; where the contract allows
 * several (a bad body on someone else's chat: 400 for the body or 404 for the chat), the {@link
 * Expect} lists them. {@link Fuzzer} adds generated requests.
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
   * Ids and cursors with malformed percent-escapes (finding 2 of RELIABILITY.md: they answered 500
   * or hung the connection until fixed); tested on their own by {@code
   * HostileInputIT.malformed_percent_escapes_are_client_errors_not_500}.
   */
  public static final List<String> MALFORMED_ESCAPES = List.of("%", "%zz", "a%2", "%%", "%u0041");

  /**
   * A body the schema refuses, sent to a chat the caller is not a member of: 400 for the body or
   * 404 for the chat (the contract does not order the two checks; neither reveals the chat), never
   * 2xx.
   */
  static final Expect NOT_MEMBER_BAD_BODY =
      Expect.of("bad body on a chat the caller is not a member of: 400 or 404", 400, 404);

  /** A command of a non-member on someone else's chat, or on an unknown chat. */
  static final Expect NOT_MEMBER =
      Expect.of("non-member or unknown chat: 404, nothing appended", 404);

  /** A body over 64 KiB (or claiming to be). */
  static final Expect TOO_LARGE = Expect.of("body over 64 KiB: 413", 413);

  /** Header lines beyond the server's limits: the contract names no status. */
  static final Expect HEADERS_TOO_LARGE = Expect.clientError("headers over the server's limits");

  private HostileCorpus() {}

  /** The corpus against {@code target}. */
  public static List<HostileRequest> build(Target target) {
    List<HostileRequest> out = new ArrayList<>();
    String auth = "Bearer " + target.attackerToken();
    String ownChat = "/v1/chats/" + target.attackerChat();
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
        Expect expect =
            e[1].equals("/v1/chats")
                ? Expect.of("malformed or schema-breaking body: 400", 400)
                : NOT_MEMBER_BAD_BODY;
        out.add(
            json(
                "malformed JSON",
                e[0],
                fill(e[1], target),
                auth,
                body.getBytes(StandardCharsets.UTF_8),
                expect));
      }
    }
    // deeply nested JSON
    Expect nestedIs400 = Expect.of("deeply nested JSON: 400", 400);
    out.add(
        json(
            "deeply nested JSON",
            "POST",
            "/v1/chats",
            auth,
            nested("[", "]", 30_000),
            nestedIs400));
    out.add(
        json(
            "deeply nested JSON",
            "POST",
            ownChat + "/messages",
            auth,
            nested("{\"a\":", "}", 10_000),
            nestedIs400));
    out.add(
        json(
            "deeply nested JSON",
            "POST",
            "/v1/chats",
            auth,
            ("{\"type\":\"group\",\"members\":" + new String(nested("[", "]", 20_000)) + "}")
                .getBytes(),
            nestedIs400));
    // huge bodies and headers
    out.add(
        json(
            "huge body",
            "POST",
            ownChat + "/messages",
            auth,
            ("{\"client_msg_id\":\"h\",\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes(),
            TOO_LARGE));
    out.add(json("huge body", "POST", "/v1/chats", auth, new byte[70 * 1024], TOO_LARGE));
    out.add(
        json(
            "huge body",
            "POST",
            ownChat + "/messages",
            auth,
            ("{\"client_msg_id\":\"h2\",\"text\":\"" + "y".repeat(4001) + "\"}").getBytes(),
            Expect.of("text over 4000 characters: 400", 400)));
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
            false,
            TOO_LARGE));
    out.add(
        raw(
            "huge headers",
            true,
            "GET",
            "/v1/me/rooms",
            List.of(
                new String[] {"Authorization", auth}, new String[] {"X-Big", "h".repeat(100_000)}),
            null,
            false,
            HEADERS_TOO_LARGE));
    List<String[]> many = new ArrayList<>();
    many.add(new String[] {"Authorization", auth});
    for (int i = 0; i < 2000; i++) {
      many.add(new String[] {"X-H" + i, "v"});
    }
    out.add(raw("huge headers", true, "GET", "/v1/me/rooms", many, null, false, HEADERS_TOO_LARGE));
    out.add(
        raw(
            "huge headers",
            false,
            "POST",
            "/v1/chats",
            many,
            "{}".getBytes(),
            true,
            HEADERS_TOO_LARGE));
    out.addAll(EncodingCorpus.build(target, auth, ownChat));
    out.addAll(AccessCorpus.build(target));
    return out;
  }

  /**
   * The attacker's commands (send, edit and delete {@code messageId}, read marker, adding
   * themselves, removing the victim) on {@code chatId}, a chat of the victim's created a moment
   * ago: 404 with nothing appended, as for an older chat (Contract v1.1: "a chat created a moment
   * ago is known"). Send them right after the creation.
   */
  public static List<HostileRequest> onAChatJustCreated(
      Target target, String chatId, String messageId) {
    String chat = "/v1/chats/" + chatId;
    return AccessCorpus.commands(
        "a chat created a moment ago",
        target,
        chat,
        chat + "/messages/" + messageId,
        target.victim());
  }

  static String fill(String template, Target target) {
    return template
        .replace("{c}", target.victimChat())
        .replace("{m}", target.victimMessage())
        .replace("{u}", target.victim());
  }

  static HostileRequest json(
      String kind, String method, String path, String auth, byte[] body, Expect expect) {
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
        true,
        expect);
  }

  static HostileRequest raw(
      String kind,
      boolean query,
      String method,
      String path,
      List<String[]> headers,
      byte[] body,
      boolean length,
      Expect expect) {
    String name = method + " " + (path.length() > 80 ? path.substring(0, 80) + "..." : path);
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase("Content-Type") && !h[1].equals("application/json")) {
        name += " [Content-Type: " + h[1] + "]";
      }
    }
    return new HostileRequest(
        kind,
        name,
        query,
        RawHttp.request(method, path.getBytes(StandardCharsets.UTF_8), headers, body, length),
        expect);
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

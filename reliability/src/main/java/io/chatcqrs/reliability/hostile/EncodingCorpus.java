package io.chatcqrs.reliability.hostile;

import static io.chatcqrs.reliability.hostile.HostileCorpus.COMMAND_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.QUERY_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.TRICKY_IDS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.concat;
import static io.chatcqrs.reliability.hostile.HostileCorpus.json;
import static io.chatcqrs.reliability.hostile.HostileCorpus.raw;

import io.chatcqrs.events.Ids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The encoding part of the hostile corpus: invalid UTF-8 in bodies, paths and headers; control
 * characters (NUL, escape sequences, CR/LF injection attempts); ids with path tricks on every
 * endpoint that takes an id; wrong content types. Each request carries its status: 400 for what
 * breaks the body or an id (404 where the contract allows it: "400 (or 404)" for ids, and for a
 * well-formed id of a chat that does not exist), 415 for a body that is not {@code
 * application/json}, 414 for a request line over the server's limit; never a 5xx, never no answer.
 */
final class EncodingCorpus {
  /** A request line over the server's limit (4096 bytes). */
  private static final Expect OVER_LIMIT = Expect.of("request line over the limit: 414", 414);

  /** Ids that, decoded or normalized, change which route the path names. */
  private static final Set<String> STRUCTURAL =
      Set.of("..", "../", "..%2F..%2Fhealth%2Flive", "%2F", "%252F", "a?b", ".%2E");

  private static final java.util.regex.Pattern NUMERIC =
      java.util.regex.Pattern.compile("-?[0-9]+");

  /**
   * A well-formed id that reads as a number ({@code -1}): by the contract an unknown chat (404),
   * but the OpenAPI validators of both services read such a path parameter as a JSON number and
   * answer 400 (finding 8 of RELIABILITY.md). Either appends nothing; accepted until that is
   * settled.
   */
  private static final Expect NUMERIC_ID =
      Expect.of("well-formed numeric id: 404, or 400 (finding 8), nothing appended", 400, 404);

  private EncodingCorpus() {}

  /**
   * What a valid send body declared as {@code type} must get: 202 when the type is {@code
   * application/json} with a charset parameter (still JSON), else 415 ("a body that is not
   * application/json"). Two deviations are accepted and named (finding 9 of RELIABILITY.md): {@code
   * multipart/form-data} is 400 (Vert.x reads it as a form and finds no JSON body) and {@code
   * application/jsonx} is read as JSON (202).
   */
  private static Expect contentType(String type) {
    if (type.startsWith("application/json;")) {
      return Expect.of(
          "application/json with a charset parameter: read as JSON (202) or 415", 202, 415);
    }
    if (type.startsWith("multipart/")) {
      return Expect.of("not application/json: 415, or 400 (finding 9), nothing appended", 400, 415);
    }
    if (type.equals("application/jsonx")) {
      return Expect.of("not application/json: 415, or read as JSON (finding 9)", 202, 415);
    }
    return Expect.of("a body that is not application/json: 415", 415);
  }

  static List<HostileRequest> build(Target target, String auth, String ownChat) {
    List<HostileRequest> out = new ArrayList<>();
    // invalid UTF-8
    byte[][] invalid = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF, (byte) 0xFE},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}
    };
    for (byte[] bad : invalid) {
      out.add(
          json(
              "invalid UTF-8",
              "POST",
              ownChat + "/messages",
              auth,
              concat("{\"client_msg_id\":\"u8\",\"text\":\"".getBytes(), bad, "\"}".getBytes()),
              Expect.of("body not valid UTF-8: 400", 400)));
      out.add(
          new HostileRequest(
              "invalid UTF-8",
              "in the path",
              true,
              RawHttp.request(
                  "GET",
                  concat("/v1/chats/".getBytes(), bad),
                  List.<String[]>of(new String[] {"Authorization", auth}),
                  null,
                  false),
              Expect.of("id not valid UTF-8: 400 (or 404)", 400, 404)));
      out.add(
          new HostileRequest(
              "invalid UTF-8",
              "in a header",
              true,
              RawHttp.request(
                  "GET",
                  "/v1/me/rooms".getBytes(),
                  List.of(
                      new String[] {"Authorization", auth},
                      new String[] {
                        "X-Chat-Position", new String(bad, StandardCharsets.ISO_8859_1)
                      }),
                  null,
                  false),
              Expect.of("X-Chat-Position that is no position: 400", 400)));
    }
    // control characters
    for (String text :
        List.of("\\u0000", "\\u0007\\u001b[31m", "line\\r\\nX-Injected: 1", "\\u202e")) {
      out.add(
          json(
              "control characters",
              "POST",
              ownChat + "/messages",
              auth,
              ("{\"client_msg_id\":\"cc\",\"text\":\"" + text + "\"}").getBytes(),
              text.equals("\\u0000")
                  ? Expect.of("NUL in a text: 400", 400)
                  : Expect.of("escaped control characters are valid text: 202", 202)));
    }
    out.add(
        raw(
            "control characters",
            true,
            "GET",
            "/v1/me/rooms",
            List.<String[]>of(new String[] {"Authorization", auth + "\u0000"}),
            null,
            false,
            Expect.of("raw NUL in the token header: 400 or 401", 400, 401)));
    out.add(
        raw(
            "control characters",
            true,
            "GET",
            "/v1/me/rooms?cursor=%00%01%02&limit=%0a",
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false,
            Expect.of("tampered cursor and limit: 400", 400)));
    out.add(
        raw(
            "control characters",
            true,
            "GET",
            "/v1/me/events",
            List.of(
                new String[] {"Authorization", auth},
                new String[] {"Last-Event-ID", "\u0001\u0002\u007f"}),
            null,
            false,
            Expect.of(
                "raw control bytes in Last-Event-ID: 400, or 200 with a reset event", 200, 400)));
    // ids with path tricks, on every endpoint with an id
    for (String id : TRICKY_IDS) {
      boolean tooLong = id.length() > 4000;
      boolean wellFormed = Ids.isValid(id);
      Expect command =
          tooLong
              ? OVER_LIMIT
              : wellFormed && NUMERIC.matcher(id).matches()
                  ? NUMERIC_ID
                  : wellFormed
                      ? HostileCorpus.NOT_MEMBER
                      : STRUCTURAL.contains(id)
                          ? Expect.of(
                              "id that leaves its path segment: 400, 404 or 405", 400, 404, 405)
                          : Expect.of("invalid id: 400 (or 404)", 400, 404);
      for (String[] e : COMMAND_ENDPOINTS.subList(1, 7)) {
        String path = e[1].replace("{c}", id).replace("{m}", id).replace("{u}", id);
        out.add(
            json(
                "ids with path tricks",
                e[0],
                path,
                auth,
                "{\"user_id\":\"x\",\"seq\":1,\"text\":\"t\",\"client_msg_id\":\"p\"}".getBytes(),
                command));
      }
      for (String[] e : QUERY_ENDPOINTS.subList(1, 4)) {
        Expect query =
            tooLong
                ? OVER_LIMIT
                : e[1].startsWith("/v1/users/")
                    ? Expect.of(
                        "another (or no valid) user's room list: 400, 403, 404 or 405",
                        400,
                        403,
                        404,
                        405)
                    : wellFormed && !NUMERIC.matcher(id).matches()
                        ? Expect.of("unknown chat: 404", 404)
                        : command;
        out.add(
            raw(
                "ids with path tricks",
                true,
                "GET",
                e[1].replace("{c}", id).replace("{u}", id),
                List.<String[]>of(new String[] {"Authorization", auth}),
                null,
                false,
                query));
      }
      out.add(
          raw(
              "ids with path tricks",
              true,
              "GET",
              "/v1/me/rooms?cursor=" + id,
              List.<String[]>of(new String[] {"Authorization", auth}),
              null,
              false,
              tooLong ? OVER_LIMIT : Expect.of("tampered cursor: 400", 400)));
    }
    // wrong content types
    for (String type :
        List.of(
            "text/plain",
            "application/xml",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
            "application/json; charset=utf-16",
            "application/jsonx",
            "*/*")) {
      out.add(
          raw(
              "wrong content type",
              false,
              "POST",
              ownChat + "/messages",
              List.<String[]>of(
                  new String[] {"Authorization", auth}, new String[] {"Content-Type", type}),
              "{\"client_msg_id\":\"ct\",\"text\":\"t\"}".getBytes(),
              true,
              contentType(type)));
    }
    out.add(
        raw(
            "wrong content type",
            false,
            "POST",
            "/v1/chats",
            List.<String[]>of(new String[] {"Authorization", auth}),
            "{\"type\":\"direct\",\"members\":[\"x\"]}".getBytes(),
            true,
            Expect.of("a body without Content-Type: 415 (or 400)", 400, 415)));
    return out;
  }
}

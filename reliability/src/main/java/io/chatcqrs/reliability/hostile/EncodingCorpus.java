package io.chatcqrs.reliability.hostile;

import static io.chatcqrs.reliability.hostile.HostileCorpus.COMMAND_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.QUERY_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.TRICKY_IDS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.concat;
import static io.chatcqrs.reliability.hostile.HostileCorpus.json;
import static io.chatcqrs.reliability.hostile.HostileCorpus.raw;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoding part of the hostile corpus: invalid UTF-8 in bodies, paths and headers; control
 * characters (NUL, escape sequences, CR/LF injection attempts); ids with path tricks on every
 * endpoint that takes an id; wrong content types. Must be answered with a client error (or a closed
 * connection for what is not HTTP), never a 5xx.
 */
final class EncodingCorpus {
  private EncodingCorpus() {}

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
              concat("{\"client_msg_id\":\"u8\",\"text\":\"".getBytes(), bad, "\"}".getBytes())));
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
                  false)));
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
                  false)));
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
              ("{\"client_msg_id\":\"cc\",\"text\":\"" + text + "\"}").getBytes()));
    }
    out.add(
        raw(
            "control characters",
            true,
            "GET",
            "/v1/me/rooms",
            List.<String[]>of(new String[] {"Authorization", auth + "\u0000"}),
            null,
            false));
    out.add(
        raw(
            "control characters",
            true,
            "GET",
            "/v1/me/rooms?cursor=%00%01%02&limit=%0a",
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false));
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
            false));
    // ids with path tricks, on every endpoint with an id
    for (String id : TRICKY_IDS) {
      for (String[] e : COMMAND_ENDPOINTS.subList(1, 7)) {
        String path = e[1].replace("{c}", id).replace("{m}", id).replace("{u}", id);
        out.add(
            json(
                "ids with path tricks",
                e[0],
                path,
                auth,
                "{\"user_id\":\"x\",\"seq\":1,\"text\":\"t\",\"client_msg_id\":\"p\"}".getBytes()));
      }
      for (String[] e : QUERY_ENDPOINTS.subList(1, 4)) {
        out.add(
            raw(
                "ids with path tricks",
                true,
                "GET",
                e[1].replace("{c}", id).replace("{u}", id),
                List.<String[]>of(new String[] {"Authorization", auth}),
                null,
                false));
      }
      out.add(
          raw(
              "ids with path tricks",
              true,
              "GET",
              "/v1/me/rooms?cursor=" + id,
              List.<String[]>of(new String[] {"Authorization", auth}),
              null,
              false));
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
              true));
    }
    out.add(
        raw(
            "wrong content type",
            false,
            "POST",
            "/v1/chats",
            List.<String[]>of(new String[] {"Authorization", auth}),
            "{\"type\":\"direct\",\"members\":[\"x\"]}".getBytes(),
            true));
    return out;
  }
}

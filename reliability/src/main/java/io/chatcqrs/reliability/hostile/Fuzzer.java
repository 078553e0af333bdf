package io.chatcqrs.reliability.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated hostile requests, reproducible from a seed: a random endpoint of either API, a random
 * method, ids drawn from {@link HostileCorpus#TRICKY_IDS} or random bytes, random query parameters,
 * random headers and a random JSON-ish body (random nesting, types, huge or broken strings,
 * truncation, invalid bytes), sent with a valid token most of the time so that the request reaches
 * validation and the handlers rather than stopping at authentication.
 *
 * <p>What every generated request must get ({@link Expect}): an answer, never a 5xx; and never a
 * 2xx for a {@code /v1} request without a valid token, for a chat other than the attacker's own
 * (the victim's, an invented or a tricky id), for a message (the only message ids it uses are the
 * victim's, invented or tricky ones, none of which is in the attacker's chat), or for another
 * user's room list. Other requests (the attacker's own chat, room list and stream; health, metrics,
 * the OpenAPI document) may get any status below 500.
 */
public final class Fuzzer {
  private static final String[] METHODS = {
    "GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"
  };
  private static final String[] PARAMS = {
    "limit", "cursor", "before", "after", "access_token", "x"
  };
  private static final String[] VALUES = {
    "-1", "0", "101", "99999999999999999999", "abc", "", "%00", "1e3", "NaN", "%FF", "[]", "{}"
  };

  private final Random random;

  /** A fuzzer; the same seed yields the same requests. */
  public Fuzzer(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} requests against {@code target}. */
  public List<HostileRequest> generate(Target target, int count) {
    List<HostileRequest> out = new ArrayList<>();
    List<String> bad = List.copyOf(HostileTokens.all(target.secret(), target.victim()).values());
    for (int i = 0; i < count; i++) {
      boolean query = random.nextBoolean();
      List<String[]> endpoints =
          query ? HostileCorpus.QUERY_ENDPOINTS : HostileCorpus.COMMAND_ENDPOINTS;
      String[] endpoint = endpoints.get(random.nextInt(endpoints.size()));
      String method = random.nextInt(5) == 0 ? pick(METHODS) : endpoint[0];
      String path = endpoint[1];
      boolean othersOnly = path.contains("{m}");
      for (String slot : List.of("{c}", "{m}", "{u}")) {
        if (!path.contains(slot)) {
          continue;
        }
        String id = id(target, slot);
        path = path.replace(slot, id);
        if (slot.equals("{c}") && !id.equals(target.attackerChat())) {
          othersOnly = true;
        }
        if (slot.equals("{u}") && endpoint[1].startsWith("/v1/users/")) {
          othersOnly |= !id.equals(target.attacker());
        }
      }
      if (random.nextInt(3) == 0) {
        path += "?" + pick(PARAMS) + "=" + pick(VALUES) + "&" + pick(PARAMS) + "=" + pick(VALUES);
      }
      List<String[]> headers = new ArrayList<>();
      int auth = random.nextInt(10);
      Expect expect =
          !endpoint[1].startsWith("/v1/")
              ? Expect.answeredWithout5xx("health, metrics, OpenAPI document: an answer, no 5xx")
              : auth >= 7
                  ? Expect.clientError("/v1 without a valid token: never 2xx")
                  : othersOnly
                      ? Expect.clientError(
                          "someone else's or an unknown chat, message or room list: never 2xx")
                      : Expect.answeredWithout5xx("the attacker's own resources: no 5xx");
      if (auth < 7) {
        headers.add(new String[] {"Authorization", "Bearer " + target.attackerToken()});
      } else if (auth < 9) {
        headers.add(new String[] {"Authorization", bad.get(random.nextInt(bad.size()))});
      }
      if (random.nextInt(4) != 0) {
        headers.add(
            new String[] {
              "Content-Type", random.nextInt(5) == 0 ? "text/plain" : "application/json"
            });
      }
      if (random.nextInt(6) == 0) {
        headers.add(
            new String[] {random.nextBoolean() ? "X-Chat-Position" : "Last-Event-ID", junk(20)});
      }
      byte[] body = method.equals("GET") || method.equals("HEAD") ? null : body();
      out.add(
          new HostileRequest(
              "fuzzed (seeded)",
              "#" + i + " " + method + " " + abbreviate(path),
              query,
              RawHttp.request(method, path.getBytes(StandardCharsets.UTF_8), headers, body, true),
              expect));
    }
    return out;
  }

  private String id(Target target, String slot) {
    int dice = random.nextInt(6);
    if (dice == 0) {
      return HostileCorpus.TRICKY_IDS.get(random.nextInt(HostileCorpus.TRICKY_IDS.size()));
    }
    if (dice == 1) {
      return "f" + Integer.toString(random.nextInt(1 << 20), 36);
    }
    return switch (slot) {
      case "{c}" -> random.nextBoolean() ? target.victimChat() : target.attackerChat();
      case "{m}" -> target.victimMessage();
      default -> random.nextBoolean() ? target.victim() : target.attacker();
    };
  }

  private byte[] body() {
    StringBuilder json = new StringBuilder();
    value(json, 0);
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    int dice = random.nextInt(8);
    if (dice == 0 && bytes.length > 2) {
      bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    } else if (dice == 1 && bytes.length > 0) {
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
    }
    return bytes;
  }

  private void value(StringBuilder out, int depth) {
    int dice = depth > 40 ? 3 + random.nextInt(5) : random.nextInt(8);
    switch (dice) {
      case 0, 1 -> {
        out.append('{');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          out.append(i > 0 ? "," : "").append('"').append(field()).append("\":");
          value(out, depth + 1);
        }
        out.append('}');
      }
      case 2 -> {
        out.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          out.append(i > 0 ? "," : "");
          value(out, depth + 1);
        }
        out.append(']');
      }
      case 3 -> out.append('"').append(junk(random.nextInt(10) == 0 ? 5000 : 12)).append('"');
      case 4 -> out.append(pick(VALUES).isEmpty() ? "0" : random.nextLong());
      case 5 -> out.append(random.nextBoolean());
      case 6 -> out.append("null");
      default -> out.append(random.nextDouble() * 1e300);
    }
  }

  private String field() {
    String[] fields = {
      "type", "members", "title", "client_msg_id", "text", "seq", "user_id", junk(4)
    };
    return pick(fields);
  }

  private String junk(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(10);
      char c =
          kind == 0
              ? (char) random.nextInt(0x20)
              : kind == 1
                  ? (char) (0x80 + random.nextInt(0x2000))
                  : (char) ('a' + random.nextInt(26));
      if (c == '"' || c == '\\' || c == '\r' || c == '\n') {
        c = 'q';
      }
      s.append(c);
    }
    return s.toString();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}

package io.chatcqrs.command.idempotency;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two requests "the same request" for an idempotency key: the method, the route
 * template, the path parameters and the JSON body, compared by meaning rather than by bytes. The
 * fingerprint is the SHA-256 (base64url, 43 characters) of a canonical JSON document {@code
 * {"body":...,"method":...,"path":{...},"route":...}} in which object members are sorted by name,
 * there is no insignificant whitespace, strings are written with the fewest escapes, and numbers
 * are written in one form ({@code 1}, {@code 1.0} and {@code 1e0} are the same number). So a client
 * may re-serialise its body on a retry; a different value anywhere is a different request.
 */
public final class RequestFingerprint {
  private static final String VERSION = "chat-idempotency-v1\n";

  private RequestFingerprint() {}

  /**
   * The fingerprint of a request.
   *
   * @param method the HTTP method ({@code POST})
   * @param route the route template ({@code /v1/chats/{chatId}/members})
   * @param pathParams the decoded path parameters
   * @param body the validated JSON body (a {@link JsonObject}, a {@link JsonArray}, a scalar), or
   *     null when there is none
   */
  public static String of(
      String method, String route, Map<String, String> pathParams, Object body) {
    return sha256(VERSION + canonicalForm(method, route, pathParams, body));
  }

  /** The canonical JSON document the fingerprint digests. */
  static String canonicalForm(
      String method, String route, Map<String, String> pathParams, Object body) {
    JsonObject request =
        new JsonObject()
            .put("method", method)
            .put("route", route)
            .put("path", new JsonObject(new TreeMap<String, Object>(pathParams)))
            .put("body", body);
    StringBuilder out = new StringBuilder();
    CanonicalJson.write(request, out);
    return out.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deterministic JSON writer (sorted members, one number form, minimal escapes). */
  static final class CanonicalJson {
    private CanonicalJson() {}

    static void write(Object value, StringBuilder out) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof JsonObject object) {
        writeObject(object.getMap(), out);
      } else if (value instanceof Map<?, ?> map) {
        writeObject(map, out);
      } else if (value instanceof JsonArray array) {
        writeArray(array.getList(), out);
      } else if (value instanceof List<?> list) {
        writeArray(list, out);
      } else if (value instanceof CharSequence text) {
        writeString(text.toString(), out);
      } else if (value instanceof Boolean bool) {
        out.append(bool.booleanValue());
      } else if (value instanceof Number number) {
        out.append(number(number));
      } else {
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
      }
    }

    static String number(Number number) {
      if ((number instanceof Double d && !Double.isFinite(d))
          || (number instanceof Float f && !Float.isFinite(f))) {
        return number.toString();
      }
      BigDecimal decimal =
          number instanceof BigDecimal exact ? exact : new BigDecimal(number.toString());
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toString();
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> member : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(member.getKey(), out);
        out.append(':');
        write(member.getValue(), out);
      }
      out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    }

    private static void writeString(String text, StringBuilder out) {
      out.append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
  }
}

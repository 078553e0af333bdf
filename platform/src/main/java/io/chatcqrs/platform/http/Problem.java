package io.chatcqrs.platform.http;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An RFC 9457 problem detail: the body of every non-2xx response, sent as {@code
 * application/problem+json}.
 *
 * @param type a URI naming the kind of problem ({@code urn:io.chatcqrs:problem:not-found}); its
 *     last segment is the short {@link #reason()} used in metrics
 * @param title a short, human-readable summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong with this request; never a stack trace
 */
public record Problem(String type, String title, int status, String detail) {
  /** The media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Prefix of every problem {@code type}. */
  public static final String TYPE_PREFIX = "urn:io.chatcqrs:problem:";

  /** Checks the fields. */
  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status: " + status);
    }
    detail = detail == null ? title : detail;
  }

  /** A problem whose type is {@code urn:io.chatcqrs:problem:<reason>}. */
  public static Problem of(String reason, String title, int status, String detail) {
    return new Problem(TYPE_PREFIX + reason, title, status, detail);
  }

  /** The short name of the kind of problem (the type's last segment), e.g. {@code not-found}. */
  public String reason() {
    int colon = type.lastIndexOf(':');
    return colon < 0 ? type : type.substring(colon + 1);
  }

  /** The JSON body: {@code type}, {@code title}, {@code status}, {@code detail}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("type", type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }
}

package io.chatcqrs.command.idempotency;

import io.chatcqrs.platform.http.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value of an {@code Idempotency-Key} request header: 1-64 characters of {@code [A-Za-z0-9_-]}.
 * The IETF draft writes the field as a structured-field string ({@code Idempotency-Key: "abc"});
 * the quoted and the bare form name the same key.
 */
public record IdempotencyKey(String value) {
  /** The request header. */
  public static final String HEADER = "Idempotency-Key";

  /** What a key may be made of. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Validates the key. */
  public IdempotencyKey {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new ProblemException.BadRequest(
          HEADER + " must be 1-64 characters of [A-Za-z0-9_-], optionally in double quotes");
    }
  }

  /**
   * The key the request's header values name: empty without the header.
   *
   * @throws ProblemException.BadRequest for a malformed key or more than one header
   */
  public static Optional<IdempotencyKey> parse(List<String> headerValues) {
    if (headerValues == null || headerValues.isEmpty()) {
      return Optional.empty();
    }
    if (headerValues.size() > 1) {
      throw new ProblemException.BadRequest("send at most one " + HEADER + " header");
    }
    String raw = headerValues.get(0).strip();
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      raw = raw.substring(1, raw.length() - 1);
    }
    return Optional.of(new IdempotencyKey(raw));
  }

  @Override
  public String toString() {
    return value;
  }
}

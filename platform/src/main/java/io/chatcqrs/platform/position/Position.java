package io.chatcqrs.platform.position;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Where an appended event sits in {@code chat.events.v1}: its partition and offset. Command
 * responses carry it as an opaque {@code position} token; the query side decodes the token from
 * {@code X-Chat-Position} and waits until the projection has applied that offset of that partition.
 *
 * <p>Token format: base64url without padding of the ASCII text {@code "<partition>:<offset>"}, e.g.
 * partition 3, offset 42 is {@code "Mzo0Mg"}. Clients must treat it as opaque.
 *
 * @param partition the partition of {@code chat.events.v1}, at least 0
 * @param offset the record's offset in that partition, at least 0
 */
public record Position(int partition, long offset) {
  private static final Pattern TEXT = Pattern.compile("(0|[1-9][0-9]{0,8}):(0|[1-9][0-9]{0,18})");
  private static final int MAX_TOKEN_LENGTH = 64;

  /** Checks the fields. */
  public Position {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must not be negative");
    }
  }

  /** The opaque token for this position. */
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((partition + ":" + offset).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Decodes a token written by {@link #encode()}.
   *
   * @throws InvalidPositionException if the token is not one (tampered, foreign or empty)
   */
  public static Position decode(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidPositionException();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw new InvalidPositionException();
    }
    var matcher = TEXT.matcher(text);
    if (!matcher.matches()) {
      throw new InvalidPositionException();
    }
    try {
      return new Position(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
    } catch (NumberFormatException e) {
      throw new InvalidPositionException();
    }
  }

  /** A token that is not a position. Map it to 400. */
  public static final class InvalidPositionException extends IllegalArgumentException {
    InvalidPositionException() {
      super("not a valid position token");
    }
  }
}

package io.chatcqrs.query.cursor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks the opaque paging cursors of the query API.
 *
 * <p>A cursor is {@code base64url(payload) + "." + base64url(hmac)}, where the payload is a list of
 * fields and the HMAC-SHA256 (truncated to 16 bytes) covers the payload and a <em>binding</em>: the
 * endpoint and the subject it was issued for (for example "rooms" and the listed user, or "history"
 * and the chat plus the caller). A cursor that was altered, or issued for another endpoint, user or
 * chat, fails {@link #decode} with {@link InvalidCursorException}, which the API answers with 400.
 * The key is derived from the service's JWT secret, so every instance accepts every other's
 * cursors.
 */
public final class CursorCodec {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 16;
  private static final int MAX_CURSOR_CHARS = 1024;
  private static final char SEPARATOR = '\u001f';
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private CursorCodec(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** A codec whose key is derived from {@code secret} (the JWT secret) for cursors only. */
  public static CursorCodec fromSecret(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a secret is required for cursors");
    }
    byte[] derived =
        hmac(
            new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
            "chat-query-cursor-v1".getBytes(StandardCharsets.UTF_8));
    return new CursorCodec(derived);
  }

  /**
   * Encodes {@code fields} as a cursor bound to {@code binding}.
   *
   * @param binding what the cursor may be used for, for example {@code "rooms/u1"}
   * @param fields the cursor's values; none may contain the unit separator character
   */
  public String encode(String binding, List<String> fields) {
    StringBuilder payload = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      if (field.indexOf(SEPARATOR) >= 0) {
        throw new IllegalArgumentException("cursor field contains the separator");
      }
      if (i > 0) {
        payload.append(SEPARATOR);
      }
      payload.append(field);
    }
    byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(binding, bytes));
  }

  /**
   * Checks and decodes a cursor made by {@link #encode} with the same binding.
   *
   * @throws InvalidCursorException if the cursor is malformed, altered or bound to something else
   */
  public List<String> decode(String binding, String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_CHARS) {
      throw new InvalidCursorException();
    }
    int dot = cursor.indexOf('.');
    if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
      throw new InvalidCursorException();
    }
    byte[] payload;
    byte[] givenMac;
    try {
      payload = DECODER.decode(cursor.substring(0, dot));
      givenMac = DECODER.decode(cursor.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException();
    }
    // base64 has spare bits in its last character: only the canonical spelling is accepted
    if (!cursor.equals(ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(givenMac))) {
      throw new InvalidCursorException();
    }
    if (!MessageDigest.isEqual(mac(binding, payload), givenMac)) {
      throw new InvalidCursorException();
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    List<String> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == SEPARATOR) {
        fields.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return fields;
  }

  private byte[] mac(String binding, byte[] payload) {
    byte[] bindingBytes = binding.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[bindingBytes.length + 1 + payload.length];
    System.arraycopy(bindingBytes, 0, input, 0, bindingBytes.length);
    input[bindingBytes.length] = 0;
    System.arraycopy(payload, 0, input, bindingBytes.length + 1, payload.length);
    return Arrays.copyOf(hmac(key, input), MAC_BYTES);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

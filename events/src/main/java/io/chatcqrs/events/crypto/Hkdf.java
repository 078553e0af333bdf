package io.chatcqrs.events.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869), which the JDK does not offer before Java 24. */
final class Hkdf {
  private static final int HASH_BYTES = 32;

  private Hkdf() {}

  /** Extract then expand: {@code length} bytes of output keying material. */
  static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    return expand(extract(salt, ikm), info, length);
  }

  static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] effectiveSalt = salt.length == 0 ? new byte[HASH_BYTES] : salt;
    return hmac(effectiveSalt).doFinal(ikm);
  }

  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length > 255 * HASH_BYTES) {
      throw new IllegalArgumentException("HKDF output too long");
    }
    Mac mac = hmac(prk);
    byte[] out = new byte[length];
    byte[] previous = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      mac.update(previous);
      mac.update(info);
      mac.update((byte) counter);
      previous = mac.doFinal();
      int n = Math.min(previous.length, length - written);
      System.arraycopy(previous, 0, out, written, n);
      written += n;
    }
    return out;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

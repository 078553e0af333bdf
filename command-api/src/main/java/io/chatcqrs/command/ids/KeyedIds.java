package io.chatcqrs.command.ids;

import io.chatcqrs.events.ChatId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chat ids clients cannot compute: a one-letter prefix and 26 base64url characters of HMAC-SHA256,
 * keyed with a server secret, over an optional domain tag and length-prefixed parts. The one place
 * both kinds of derived chat ids (direct chats, keyed group creates) are made.
 */
public final class KeyedIds {
  /** The configuration key of the secret of derived chat ids, shared by every instance. */
  public static final String SECRET_KEY = "chat.direct-id-secret";

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /** Ids keyed with {@code secret} (checked by the caller). */
  public KeyedIds(byte[] secret) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /**
   * The id {@code prefix} + digest of {@code domain} (raw) and each of {@code parts} (UTF-8, each
   * after its length in one byte).
   */
  public ChatId id(String prefix, byte[] domain, String... parts) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(domain);
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) bytes.length);
        mac.update(bytes);
      }
      String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
      return ChatId.of(prefix + digest.substring(0, 26));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }
}

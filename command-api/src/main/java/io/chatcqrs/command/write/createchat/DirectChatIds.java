package io.chatcqrs.command.write.createchat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ids of direct chats: "d" followed by 26 base64url characters of HMAC-SHA256, keyed with the
 * server secret {@code chat.direct-id-secret}, over the sorted pair of user ids (each prefixed by
 * its length). The same for either order of the pair, so that creating a direct chat twice (by
 * either user) yields the same chat; not computable without the secret, so a client cannot name (or
 * probe) the direct chat of two other users. Every command-api instance must use the same secret,
 * and it must not change while the system runs: a new secret gives every pair a new chat.
 */
public final class DirectChatIds {
  /** The configuration key of the secret. */
  public static final String SECRET_KEY = "chat.direct-id-secret";

  /** The shortest accepted secret, in bytes (UTF-8): as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
   */
  public DirectChatIds(String secret) {
    byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          SECRET_KEY + " must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
  }

  /** The direct chat of {@code a} and {@code b}. */
  public ChatId of(UserId a, UserId b) {
    UserId first = a.compareTo(b) <= 0 ? a : b;
    UserId second = first == a ? b : a;
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      for (UserId user : new UserId[] {first, second}) {
        byte[] part = user.value().getBytes(StandardCharsets.UTF_8);
        mac.update((byte) part.length);
        mac.update(part);
      }
      return ChatId.of(
          "d"
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(mac.doFinal())
                  .substring(0, 26));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    }
  }
}

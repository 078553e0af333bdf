package io.chatcqrs.command.idempotency;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Group chat ids derived from (caller, idempotency key) with a server secret (HMAC-SHA256), in the
 * form of {@link ChatId#newGroup()} ({@code "g"} + 26 base64url characters). The same caller and
 * key always give the same chat, on every instance sharing the secret, so a create retried after a
 * 503 (which may have been appended) names the same chat and the projection drops the second {@code
 * ChatCreated} as a duplicate. Clients cannot compute them without the secret.
 */
public final class GroupChatIds {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DOMAIN =
      "chat-id/group/idempotency-key/v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec secret;

  /** Ids keyed by {@code secret} (non-empty). */
  public GroupChatIds(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the group chat id secret must not be empty");
    }
    this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The group chat a create by {@code caller} with {@code key} and {@code fingerprint} makes. */
  public ChatId forKey(UserId caller, IdempotencyKey key, String fingerprint) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      mac.update(DOMAIN);
      for (String part : new String[] {caller.value(), key.value(), fingerprint}) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) bytes.length);
        mac.update(bytes);
      }
      String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
      return ChatId.of("g" + digest.substring(0, 26));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

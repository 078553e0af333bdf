package io.chatcqrs.command.idempotency;

import io.chatcqrs.command.ids.KeyedIds;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.nio.charset.StandardCharsets;

/**
 * Group chat ids derived from (caller, idempotency key) with a server secret (HMAC-SHA256), in the
 * form of {@link ChatId#newGroup()} ({@code "g"} + 26 base64url characters). The same caller and
 * key always give the same chat, on every instance sharing the secret, so a create retried after a
 * 503 (which may have been appended) names the same chat and the projection drops the second {@code
 * ChatCreated} as a duplicate. Clients cannot compute them without the secret.
 */
public final class GroupChatIds {
  private static final byte[] DOMAIN =
      "chat-id/group/idempotency-key/v1".getBytes(StandardCharsets.UTF_8);

  private final KeyedIds ids;

  /** Ids keyed by {@code secret} (non-empty). */
  public GroupChatIds(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the group chat id secret must not be empty");
    }
    this.ids = new KeyedIds(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The group chat a create by {@code caller} with {@code key} and {@code fingerprint} makes. */
  public ChatId forKey(UserId caller, IdempotencyKey key, String fingerprint) {
    return ids.id("g", DOMAIN, caller.value(), key.value(), fingerprint);
  }
}

package io.chatcqrs.command.write.createchat;

import io.chatcqrs.command.ids.KeyedIds;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.nio.charset.StandardCharsets;

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
  public static final String SECRET_KEY = KeyedIds.SECRET_KEY;

  /** The shortest accepted secret, in bytes (UTF-8): as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;

  private final KeyedIds ids;

  /**
   * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
   */
  public DirectChatIds(String secret) {
    byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          SECRET_KEY + " must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.ids = new KeyedIds(bytes);
  }

  /** The direct chat of {@code a} and {@code b}. */
  public ChatId of(UserId a, UserId b) {
    UserId first = a.compareTo(b) <= 0 ? a : b;
    UserId second = first == a ? b : a;
    return ids.id("d", new byte[0], first.value(), second.value());
  }
}

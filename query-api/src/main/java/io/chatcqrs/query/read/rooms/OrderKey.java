package io.chatcqrs.query.read.rooms;

import java.time.Instant;
import java.util.Comparator;

/**
 * A position in a user's room order (newest activity first, ties by chat id descending), and the
 * keyset position the room list's cursor resumes after.
 *
 * @param lastActivityAt the room's last activity
 * @param chatId the room
 */
public record OrderKey(Instant lastActivityAt, String chatId) {
  /** The room list's order: newest activity first, then chat id descending. */
  public static final Comparator<OrderKey> NEWEST_FIRST =
      Comparator.comparing(OrderKey::lastActivityAt).thenComparing(OrderKey::chatId).reversed();
}

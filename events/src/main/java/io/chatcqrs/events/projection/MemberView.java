package io.chatcqrs.events.projection;

import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One member's room state in one chat after a chat event was applied: what their room list entry
 * and the chat's member list show.
 *
 * @param userId the member
 * @param lastReadSeq their read marker (never above the chat's last_seq, never moves backwards)
 * @param unreadCount the chat's last_seq minus {@code lastReadSeq}
 * @param joinedAt when they became a member
 * @param lastActivityAt the room's last activity for them: when they joined or the newest message
 *     was sent, whichever is later; the room list's sort key
 * @param previousActivityAt the room's last activity before this event (null for a new member), so
 *     that a writer can remove the old room-order entry; equal to {@code lastActivityAt} when the
 *     order did not change
 * @param removed true when this event removed them from the chat (they left or were removed)
 */
public record MemberView(
    UserId userId,
    long lastReadSeq,
    long unreadCount,
    Instant joinedAt,
    Instant lastActivityAt,
    Instant previousActivityAt,
    boolean removed) {
  /** Checks the required fields. */
  public MemberView {
    Objects.requireNonNull(userId, "user_id");
    Objects.requireNonNull(joinedAt, "joined_at");
    Objects.requireNonNull(lastActivityAt, "last_activity_at");
  }
}

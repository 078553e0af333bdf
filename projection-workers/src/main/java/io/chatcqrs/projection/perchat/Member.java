package io.chatcqrs.projection.perchat;

import java.time.Instant;

/**
 * One member's state in one chat: the value of the per-chat stage's {@code chat-members} store (key
 * {@code chat_id/user_id}). The room's activity is not stored: it is derived as {@link
 * #activity(Instant) max(joinedAt, chat's last_activity_at)}, so that a message changes the chat's
 * state once instead of every member's.
 *
 * @param lastReadSeq their read marker
 * @param joinedAt when they joined
 */
public record Member(long lastReadSeq, Instant joinedAt) {
  /** The room's activity for this member when the chat's activity is {@code chatActivity}. */
  public Instant activity(Instant chatActivity) {
    return joinedAt.isAfter(chatActivity) ? joinedAt : chatActivity;
  }
}

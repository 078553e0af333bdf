package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.MessageView;
import java.time.Instant;

/**
 * One entry of the per-chat stage's {@code message-index} store (key chat_id/message_id): what is
 * needed to dedupe sends and to check edits and deletes, without the text.
 *
 * @param seq the message's seq
 * @param senderId its sender
 * @param sentAt when it was sent
 * @param editedAt when it was last edited, or null
 * @param deleted whether it was deleted
 */
public record IndexedMessage(
    long seq, UserId senderId, Instant sentAt, Instant editedAt, boolean deleted) {

  /** The message as in history, with {@code text} (null once deleted). */
  MessageView view(MessageId id, String text) {
    return new MessageView(id, seq, senderId, deleted ? null : text, sentAt, editedAt, deleted);
  }
}

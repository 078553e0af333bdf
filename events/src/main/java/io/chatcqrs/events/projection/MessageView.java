package io.chatcqrs.events.projection;

import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A message as the history shows it: after an edit it carries the new text and {@code edited_at};
 * after a delete {@code text} is null and {@code deleted} true, and the seq stays.
 *
 * @param messageId the message's id
 * @param seq its position in the chat (1, 2, 3 ...)
 * @param senderId who sent it
 * @param text its current text; null once deleted
 * @param sentAt when it was sent (the MessageSent event's {@code occurred_at})
 * @param editedAt when it was last edited, or null
 * @param deleted whether the sender deleted it
 */
public record MessageView(
    MessageId messageId,
    long seq,
    UserId senderId,
    String text,
    Instant sentAt,
    Instant editedAt,
    boolean deleted) {
  /** Checks the required fields. */
  public MessageView {
    Objects.requireNonNull(messageId, "message_id");
    Objects.requireNonNull(senderId, "sender_id");
    Objects.requireNonNull(sentAt, "sent_at");
  }
}

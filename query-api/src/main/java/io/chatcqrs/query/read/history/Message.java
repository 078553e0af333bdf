package io.chatcqrs.query.read.history;

import io.chatcqrs.events.codec.Json;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One row of {@code messages_by_chat} and its JSON shape in history. A deleted message keeps its
 * seq and shows {@code "deleted": true} with {@code text} null.
 *
 * @param messageId the message id
 * @param seq its position in the chat (1, 2, 3 ...)
 * @param senderId who sent it
 * @param text the text, null when deleted
 * @param sentAt when it was sent
 * @param editedAt when it was last edited, or null
 * @param deleted whether it was deleted
 */
public record Message(
    String messageId,
    long seq,
    String senderId,
    String text,
    Instant sentAt,
    Instant editedAt,
    boolean deleted) {

  /** The message as history shows it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("message_id", messageId)
        .put("seq", seq)
        .put("sender_id", senderId)
        .put("text", deleted ? null : text)
        .put("sent_at", sentAt == null ? null : Json.formatTime(sentAt))
        .put("edited_at", editedAt == null ? null : Json.formatTime(editedAt))
        .put("deleted", deleted);
  }
}

package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/** The sender replaced the text of one of their messages; the seq stays. */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record MessageEdited(
    String eventId,
    ChatId chatId,
    UserId actorId,
    Instant occurredAt,
    int schemaVersion,
    MessageId messageId,
    String text)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public MessageEdited {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    Objects.requireNonNull(messageId, "message_id");
    Objects.requireNonNull(text, "text");
  }
}

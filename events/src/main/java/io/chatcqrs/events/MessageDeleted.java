package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/** The sender deleted one of their messages; it keeps its seq and shows as deleted. */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record MessageDeleted(
    String eventId,
    ChatId chatId,
    UserId actorId,
    Instant occurredAt,
    int schemaVersion,
    MessageId messageId)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public MessageDeleted {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    Objects.requireNonNull(messageId, "message_id");
  }
}

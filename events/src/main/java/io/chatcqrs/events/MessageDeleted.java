package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    Objects.requireNonNull(eventId, "event_id");
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(actorId, "actor_id");
    occurredAt = Objects.requireNonNull(occurredAt, "occurred_at").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(messageId, "message_id");
  }
}

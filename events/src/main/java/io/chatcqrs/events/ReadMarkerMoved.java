package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A member read the chat up to {@code seq}; markers only move forward, above last_seq is clamped.
 */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record ReadMarkerMoved(
    String eventId, ChatId chatId, UserId actorId, Instant occurredAt, int schemaVersion, long seq)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public ReadMarkerMoved {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative");
    }
  }
}

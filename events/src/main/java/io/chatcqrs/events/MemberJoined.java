package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * A user became a member of a group chat; {@code actor_id} added {@code user_id} (or is the user).
 */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record MemberJoined(
    String eventId,
    ChatId chatId,
    UserId actorId,
    Instant occurredAt,
    int schemaVersion,
    UserId userId)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public MemberJoined {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    Objects.requireNonNull(userId, "user_id");
  }
}

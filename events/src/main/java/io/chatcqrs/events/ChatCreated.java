package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/** A chat was created by {@code actor_id}; {@code members} includes the creator. */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record ChatCreated(
    String eventId,
    ChatId chatId,
    UserId actorId,
    Instant occurredAt,
    int schemaVersion,
    ChatType type,
    String title,
    java.util.List<UserId> members)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public ChatCreated {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    Objects.requireNonNull(type, "type");
    members = java.util.List.copyOf(Objects.requireNonNull(members, "members"));
  }
}

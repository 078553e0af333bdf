package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    Objects.requireNonNull(eventId, "event_id");
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(actorId, "actor_id");
    occurredAt = Objects.requireNonNull(occurredAt, "occurred_at").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(type, "type");
    members = java.util.List.copyOf(Objects.requireNonNull(members, "members"));
  }
}

package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/** A user stopped being a member: they left ({@code actor_id == user_id}) or were removed. */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record MemberLeft(
    String eventId,
    ChatId chatId,
    UserId actorId,
    Instant occurredAt,
    int schemaVersion,
    UserId userId)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public MemberLeft {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    Objects.requireNonNull(userId, "user_id");
  }
}

package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/** A member sent a message. {@code message_id} is derived from (chat, sender, client_msg_id). */
@JsonPropertyOrder({
  "event_type",
  "event_id",
  "chat_id",
  "actor_id",
  "occurred_at",
  "schema_version"
})
public record MessageSent(
    String eventId,
    ChatId chatId,
    UserId actorId,
    Instant occurredAt,
    int schemaVersion,
    MessageId messageId,
    ClientMsgId clientMsgId,
    String text)
    implements ChatEvent {
  /** Checks that the envelope is complete. */
  public MessageSent {
    occurredAt = ChatEvent.checkEnvelope(eventId, chatId, actorId, occurredAt);
    Objects.requireNonNull(messageId, "message_id");
    Objects.requireNonNull(clientMsgId, "client_msg_id");
    Objects.requireNonNull(text, "text");
  }
}

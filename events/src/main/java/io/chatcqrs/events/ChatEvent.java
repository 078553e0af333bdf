package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * An event the command side appended to {@code chat.events.v1}, keyed by chat id. Every event
 * carries the common envelope fields; the JSON has an {@code event_type} discriminator equal to the
 * record's simple name. Changes are additive: fields may be added, none renamed or removed.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    include = JsonTypeInfo.As.PROPERTY,
    property = "event_type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ChatCreated.class, name = "ChatCreated"),
  @JsonSubTypes.Type(value = MemberJoined.class, name = "MemberJoined"),
  @JsonSubTypes.Type(value = MemberLeft.class, name = "MemberLeft"),
  @JsonSubTypes.Type(value = MessageSent.class, name = "MessageSent"),
  @JsonSubTypes.Type(value = MessageEdited.class, name = "MessageEdited"),
  @JsonSubTypes.Type(value = MessageDeleted.class, name = "MessageDeleted"),
  @JsonSubTypes.Type(value = ReadMarkerMoved.class, name = "ReadMarkerMoved")
})
public sealed interface ChatEvent
    permits ChatCreated,
        MemberJoined,
        MemberLeft,
        MessageSent,
        MessageEdited,
        MessageDeleted,
        ReadMarkerMoved {

  /** The schema version every event written by this code carries. */
  int SCHEMA_VERSION = 1;

  /** Unique id of this event (a UUID); also the CloudEvents {@code ce_id}. */
  String eventId();

  /** The chat, and the Kafka record key. */
  ChatId chatId();

  /** The user who caused the event. */
  UserId actorId();

  /** When the command side accepted the command (UTC; records truncate it to milliseconds). */
  Instant occurredAt();

  /** The version of this event's JSON schema. */
  int schemaVersion();

  /**
   * Checks the envelope every event carries and returns {@code occurredAt} truncated to the
   * contract's millisecond precision (records call it from their compact constructors).
   */
  static Instant checkEnvelope(String eventId, ChatId chatId, UserId actorId, Instant occurredAt) {
    java.util.Objects.requireNonNull(eventId, "event_id");
    java.util.Objects.requireNonNull(chatId, "chat_id");
    java.util.Objects.requireNonNull(actorId, "actor_id");
    return java.util.Objects.requireNonNull(occurredAt, "occurred_at")
        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** The event type name, e.g. {@code MessageSent}: the JSON discriminator and ce_type suffix. */
  default String eventType() {
    return getClass().getSimpleName();
  }
}

package io.chatcqrs.events.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of one user's live stream, on {@code chat.user-events.v1} keyed by user id. Written by
 * the projection's fan-out; read by the query side's SSE endpoint and stored in the user's inbox
 * for resume.
 *
 * @param userId whose stream this is (the record key)
 * @param chatId the chat it concerns
 * @param kind the SSE event name: one of {@link Kind}'s wire names
 * @param data the SSE {@code data:} object exactly as the API contract defines it for {@code kind};
 *     always has {@code chat_id}
 * @param totalUnread the user's total unread count over all rooms after this event, if known
 * @param sourceEventId the id of the chat event that caused this one
 * @param occurredAt when the causing chat event occurred
 * @param lastSeq the chat's last_seq after the causing event, if known
 * @param unreadCount this user's unread count in the chat after the causing event; null when the
 *     user is not (or no longer) a member
 * @param room the user's room after the causing event when it changed it (a new, moved, updated or
 *     removed room); null when the room did not change. The sink writes the user-keyed room read
 *     models from it ({@link RoomView})
 */
public record UserEvent(
    UserId userId,
    ChatId chatId,
    String kind,
    ObjectNode data,
    Long totalUnread,
    String sourceEventId,
    Instant occurredAt,
    Long lastSeq,
    Long unreadCount,
    RoomView room) {

  /** Checks the required fields. */
  public UserEvent {
    Objects.requireNonNull(userId, "user_id");
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(data, "data");
  }

  /** The nine-field form, without a room. */
  public UserEvent(
      UserId userId,
      ChatId chatId,
      String kind,
      ObjectNode data,
      Long totalUnread,
      String sourceEventId,
      Instant occurredAt,
      Long lastSeq,
      Long unreadCount) {
    this(
        userId,
        chatId,
        kind,
        data,
        totalUnread,
        sourceEventId,
        occurredAt,
        lastSeq,
        unreadCount,
        null);
  }

  /** The original seven-field form, without the chat's seq and the user's unread count. */
  public UserEvent(
      UserId userId,
      ChatId chatId,
      String kind,
      ObjectNode data,
      Long totalUnread,
      String sourceEventId,
      Instant occurredAt) {
    this(userId, chatId, kind, data, totalUnread, sourceEventId, occurredAt, null, null, null);
  }

  /** A copy with the user's total unread count set. */
  public UserEvent withTotalUnread(long total) {
    return new UserEvent(
        userId, chatId, kind, data, total, sourceEventId, occurredAt, lastSeq, unreadCount, room);
  }

  /** A copy with the user's total and per-chat unread counts set. */
  public UserEvent withUnread(long total, Long chatUnread) {
    return new UserEvent(
        userId, chatId, kind, data, total, sourceEventId, occurredAt, lastSeq, chatUnread, room);
  }

  /** The SSE event names of the contract. */
  public enum Kind {
    MESSAGE("message"),
    MESSAGE_EDITED("message_edited"),
    MESSAGE_DELETED("message_deleted"),
    READ("read"),
    ROOM("room"),
    MEMBER_JOINED("member_joined"),
    MEMBER_LEFT("member_left"),
    REJECTED("rejected");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The SSE {@code event:} name. */
    public String wire() {
      return wire;
    }
  }
}

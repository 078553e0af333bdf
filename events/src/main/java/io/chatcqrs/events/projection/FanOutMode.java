package io.chatcqrs.events.projection;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a chat's messages reach its members' room lists (docs/large-groups.md).
 *
 * <ul>
 *   <li>{@link #WRITE}: fan-out on write. Every message writes each member's room row and sends
 *       each member a user event on chat.user-events.v1. The mode of direct chats and of groups up
 *       to the projection's threshold ({@code chat.fanout-read-threshold}).
 *   <li>{@link #READ}: fan-out on read. A message updates the chat once; each member's room list
 *       entry, unread count and share of {@code total_unread} are computed when read, from the
 *       chat's {@code last_seq} and the member's marker ({@code large_rooms_by_user}). Live events
 *       go once per chat to chat.group-events.v1. A group switches to this mode when it grows past
 *       the threshold and never switches back.
 * </ul>
 */
public enum FanOutMode {
  /** Fan-out on write: per-member rows and user events for every message. */
  @JsonProperty("write")
  WRITE,
  /** Fan-out on read: the chat is written once per message; members' rooms are computed on read. */
  @JsonProperty("read")
  READ;

  /** The name in JSON and in the {@code chats.fanout} column. */
  public String wireName() {
    return this == WRITE ? "write" : "read";
  }

  /** The mode for a {@code chats.fanout} value; null (rows written before the column) is write. */
  public static FanOutMode fromWire(String value) {
    return "read".equals(value) ? READ : WRITE;
  }
}

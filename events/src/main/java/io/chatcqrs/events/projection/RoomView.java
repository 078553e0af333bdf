package io.chatcqrs.events.projection;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import java.time.Instant;
import java.util.Objects;

/**
 * One user's room (their entry in the room list) after a chat event changed it. The per-chat stage
 * puts it on the user event that tells the user ({@link UserEvent#room()}) and, for every member
 * whose room the event changed, on the chat's {@link RoomUpdates} record; the projection's sink
 * writes every room row from the latter, with the write timestamp of {@code source}'s offset in
 * chat.events.v1 (a room only ever changes by events of its chat, all in one partition, so that
 * offset orders every write of the row):
 *
 * <ul>
 *   <li>{@code fanOut = WRITE}: {@code rooms_by_user} and {@code room_order_by_user} (the entry at
 *       {@code previousActivityAt} is removed when the activity moved); removed rooms are deleted.
 *   <li>{@code fanOut = READ}: the room is (or stays) in {@code large_rooms_by_user} (user, chat,
 *       marker, joined_at); removed rooms are deleted from it. {@code previousActivityAt} is
 *       non-null only on the event that switched the chat from write to read mode: then the room's
 *       {@code rooms_by_user} row and its {@code room_order_by_user} entry at {@code
 *       previousActivityAt} are deleted.
 * </ul>
 *
 * @param chatId the chat
 * @param type direct or group
 * @param title the chat's title, or null
 * @param lastSeq the chat's last_seq after the event
 * @param lastReadSeq the user's read marker after the event
 * @param joinedAt when the user joined
 * @param lastActivityAt the room's activity for this user: when they joined or the newest message
 *     was sent, whichever is later (the room list's sort key)
 * @param previousActivityAt the room's activity before the event (null for a new room), so that a
 *     writer can remove the old room-order entry
 * @param lastMessage the chat's newest message as in history, or null
 * @param removed true when the event removed the user from the chat
 * @param fanOut the chat's fan-out mode after the event
 * @param source where the causing chat event was read in chat.events.v1 (its offset is the rows'
 *     write timestamp)
 */
public record RoomView(
    ChatId chatId,
    ChatType type,
    String title,
    long lastSeq,
    long lastReadSeq,
    Instant joinedAt,
    Instant lastActivityAt,
    Instant previousActivityAt,
    MessageView lastMessage,
    boolean removed,
    FanOutMode fanOut,
    SourcePosition source) {
  /** Checks the required fields; a missing mode is {@link FanOutMode#WRITE}. */
  public RoomView {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(joinedAt, "joined_at");
    Objects.requireNonNull(lastActivityAt, "last_activity_at");
    Objects.requireNonNull(source, "source");
    fanOut = fanOut == null ? FanOutMode.WRITE : fanOut;
  }

  /**
   * The room of {@code member} in {@code chat} after the event read at {@code source}: the one
   * derivation used by the per-chat stage (for user events) and by the sink (for sequenced
   * records), so that both write the same row.
   */
  public static RoomView of(ChatView chat, MemberView member, SourcePosition source) {
    return new RoomView(
        chat.chatId(),
        chat.type(),
        chat.title(),
        chat.lastSeq(),
        member.lastReadSeq(),
        member.joinedAt(),
        member.lastActivityAt(),
        member.previousActivityAt(),
        chat.lastMessage(),
        member.removed(),
        chat.fanOut(),
        source);
  }

  /** The user's unread count in this room: last_seq minus their marker (0 when removed). */
  public long unreadCount() {
    return removed ? 0 : lastSeq - lastReadSeq;
  }
}

package io.chatcqrs.events.projection;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import java.time.Instant;
import java.util.Objects;

/**
 * One user's room (their entry in the room list) after a chat event changed it, carried on the user
 * event that told them ({@link UserEvent#room()}). The projection's sink writes the user-keyed read
 * models from it, so every row of a user comes from their partition of chat.user-events.v1 in
 * order:
 *
 * <ul>
 *   <li>{@code fanOut = WRITE}: {@code rooms_by_user} and {@code room_order_by_user} (the entry at
 *       {@code previousActivityAt} is removed when the activity moved); removed rooms are deleted.
 *   <li>{@code fanOut = READ}: the room moves to (or stays in) {@code large_rooms_by_user} (user,
 *       chat, marker, joined_at); its {@code rooms_by_user} and {@code room_order_by_user} rows, if
 *       any, are deleted (the entry at {@code previousActivityAt}); removed rooms are deleted from
 *       {@code large_rooms_by_user}.
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
    FanOutMode fanOut) {
  /** Checks the required fields; a missing mode is {@link FanOutMode#WRITE}. */
  public RoomView {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(joinedAt, "joined_at");
    Objects.requireNonNull(lastActivityAt, "last_activity_at");
    fanOut = fanOut == null ? FanOutMode.WRITE : fanOut;
  }

  /** The user's unread count in this room: last_seq minus their marker (0 when removed). */
  public long unreadCount() {
    return removed ? 0 : lastSeq - lastReadSeq;
  }
}

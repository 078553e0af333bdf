package io.chatcqrs.query.read.rooms;

import io.chatcqrs.events.codec.Json;
import io.chatcqrs.query.read.history.Message;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One row of {@code rooms_by_user}: a user's state of one room, and its JSON shape in the room
 * list.
 *
 * @param chatId the room
 * @param type "direct" or "group"
 * @param title the title (null for direct chats without one)
 * @param lastSeq the chat's last message seq as known to this room row
 * @param lastReadSeq the user's read marker
 * @param lastActivityAt the room's last activity (matches its current order row)
 * @param lastMessage the last message, or null when the chat has none yet
 */
public record Room(
    String chatId,
    String type,
    String title,
    long lastSeq,
    long lastReadSeq,
    Instant lastActivityAt,
    Message lastMessage) {

  /** Unread count: positional, {@code last_seq - last_read_seq}, never negative. */
  public long unreadCount() {
    return unread(lastSeq, lastReadSeq);
  }

  /** The unread count of a room row with these seqs. */
  public static long unread(long lastSeq, long lastReadSeq) {
    return Math.max(0, lastSeq - lastReadSeq);
  }

  /** The room's key in the order table. */
  public OrderKey orderKey() {
    return new OrderKey(lastActivityAt, chatId);
  }

  /** The room as the contract's room list shows it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("chat_id", chatId)
        .put("type", type)
        .put("title", title)
        .put("last_message", lastMessage == null ? null : lastMessage.toJson())
        .put("last_activity_at", lastActivityAt == null ? null : Json.formatTime(lastActivityAt))
        .put("unread_count", unreadCount());
  }
}

package io.chatcqrs.projection.sink.rooms;

import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.projection.sink.cql.Bindings;
import io.chatcqrs.projection.sink.cql.Expiry;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A user's room list: {@code rooms_by_user} and {@code room_order_by_user} for fan-out-on-write
 * chats, {@code large_rooms_by_user} for fan-out-on-read chats, written from each {@link RoomView}
 * of a {@link io.chatcqrs.events.projection.RoomUpdates} record (chat.room-updates.v1). Every row
 * is written at the timestamp of the room's causing chat event ({@link RoomView#source()}), since a
 * room only changes by events of its chat, read from one partition of chat.events.v1 in order: a
 * replay writes the same cells with the same timestamps.
 *
 * <ul>
 *   <li>WRITE, removed: the room and its order entry (at the previous activity) are deleted.
 *   <li>WRITE: the order entry at the previous activity is deleted if the activity moved; the room
 *       and its order entry are written in full with the TTL left counted from the room's activity
 *       (nothing is written once that has expired, so a replay does not revive it).
 *   <li>READ: the large room (marker, join time) is upserted, or deleted when removed; a non-null
 *       previous activity marks the switch from write to read mode: the room's {@code
 *       rooms_by_user} row and its order entry at the previous activity are deleted too.
 * </ul>
 */
public final class RoomWrites {
  /** Writes a room in full; a null title or no last message leaves those columns unset. */
  public static final SinkStatement UPSERT_ROOM =
      SinkStatement.of(
          "rooms_by_user",
          "INSERT INTO {keyspace}.rooms_by_user (user_id, chat_id, type, title, last_seq,"
              + " last_read_seq, last_activity_at, last_message_id, last_message_seq,"
              + " last_sender_id, last_text, last_sent_at, last_edited_at, last_deleted)"
              + " VALUES (:user_id, :chat_id, :type, :title, :last_seq, :last_read_seq,"
              + " :last_activity_at, :last_message_id, :last_message_seq, :last_sender_id,"
              + " :last_text, :last_sent_at, :last_edited_at, :last_deleted)"
              + " USING TTL :ttl AND TIMESTAMP :ts");

  /** Deletes a room. */
  public static final SinkStatement DELETE_ROOM =
      SinkStatement.of(
          "rooms_by_user",
          "DELETE FROM {keyspace}.rooms_by_user USING TIMESTAMP :ts"
              + " WHERE user_id = :user_id AND chat_id = :chat_id");

  /** Inserts a room's entry in the user's room order (newest activity first). */
  public static final SinkStatement INSERT_ORDER =
      SinkStatement.of(
          "room_order_by_user",
          "INSERT INTO {keyspace}.room_order_by_user (user_id, last_activity_at, chat_id)"
              + " VALUES (:user_id, :last_activity_at, :chat_id) USING TTL :ttl AND TIMESTAMP :ts");

  /** Deletes a room's order entry at one activity. */
  public static final SinkStatement DELETE_ORDER =
      SinkStatement.of(
          "room_order_by_user",
          "DELETE FROM {keyspace}.room_order_by_user USING TIMESTAMP :ts WHERE user_id = :user_id"
              + " AND last_activity_at = :last_activity_at AND chat_id = :chat_id");

  /** Upserts a fan-out-on-read room: the user's marker and join time. */
  public static final SinkStatement UPSERT_LARGE_ROOM =
      SinkStatement.of(
          "large_rooms_by_user",
          "INSERT INTO {keyspace}.large_rooms_by_user (user_id, chat_id, last_read_seq, joined_at)"
              + " VALUES (:user_id, :chat_id, :last_read_seq, :joined_at) USING TIMESTAMP :ts");

  /** Deletes a fan-out-on-read room. */
  public static final SinkStatement DELETE_LARGE_ROOM =
      SinkStatement.of(
          "large_rooms_by_user",
          "DELETE FROM {keyspace}.large_rooms_by_user USING TIMESTAMP :ts"
              + " WHERE user_id = :user_id AND chat_id = :chat_id");

  /** Every statement of this read model, for preparing. */
  public static final List<SinkStatement> STATEMENTS =
      List.of(
          UPSERT_ROOM,
          DELETE_ROOM,
          INSERT_ORDER,
          DELETE_ORDER,
          UPSERT_LARGE_ROOM,
          DELETE_LARGE_ROOM);

  private final LongUnaryOperator chatEventTimestamp;
  private final Expiry expiry;

  /**
   * Room writes stamped with {@code chatEventTimestamp} of the room's source offset in
   * chat.events.v1; fan-out-on-write rooms expire {@code expiry} after their activity.
   */
  public RoomWrites(LongUnaryOperator chatEventTimestamp, Expiry expiry) {
    this.chatEventTimestamp = chatEventTimestamp;
    this.expiry = expiry;
  }

  /** The writes of {@code user}'s {@code room}. */
  public List<RowWrite> of(UserId userId, RoomView room) {
    long ts = chatEventTimestamp.applyAsLong(room.source().offset());
    String user = userId.value();
    String chat = room.chatId().value();
    Instant previous = room.previousActivityAt();
    List<RowWrite> out = new ArrayList<>(3);
    if (room.fanOut() == FanOutMode.READ) {
      if (room.removed()) {
        out.add(DELETE_LARGE_ROOM.write(large(user), key(user, chat).set("ts", ts)));
      } else {
        out.add(
            UPSERT_LARGE_ROOM.write(
                large(user),
                key(user, chat)
                    .set("last_read_seq", room.lastReadSeq())
                    .set("joined_at", room.joinedAt())
                    .set("ts", ts)));
      }
      if (previous != null) {
        out.add(DELETE_ROOM.write(rooms(user), key(user, chat).set("ts", ts)));
        out.add(deleteOrder(user, chat, previous, ts));
      }
      return out;
    }
    if (room.removed()) {
      out.add(DELETE_ROOM.write(rooms(user), key(user, chat).set("ts", ts)));
      out.add(deleteOrder(user, chat, previous != null ? previous : room.lastActivityAt(), ts));
      return out;
    }
    if (previous != null && !previous.equals(room.lastActivityAt())) {
      out.add(deleteOrder(user, chat, previous, ts));
    }
    int ttl = expiry.secondsLeftSince(room.lastActivityAt());
    if (ttl <= 0) {
      return out;
    }
    out.add(
        UPSERT_ROOM.write(
            rooms(user),
            key(user, chat)
                .set("type", room.type().wireName())
                .setOrUnset("title", room.title())
                .set("last_seq", room.lastSeq())
                .set("last_read_seq", room.lastReadSeq())
                .set("last_activity_at", room.lastActivityAt())
                .lastMessage(room.lastMessage())
                .set("ttl", ttl)
                .set("ts", ts)));
    out.add(
        INSERT_ORDER.write(
            order(user),
            key(user, chat)
                .set("last_activity_at", room.lastActivityAt())
                .set("ttl", ttl)
                .set("ts", ts)));
    return out;
  }

  private static RowWrite deleteOrder(String user, String chat, Instant at, long ts) {
    return DELETE_ORDER.write(
        order(user), key(user, chat).set("last_activity_at", at).set("ts", ts));
  }

  private static Bindings key(String user, String chat) {
    return Bindings.named().set("user_id", user).set("chat_id", chat);
  }

  private static String rooms(String user) {
    return "rooms_by_user|" + user;
  }

  private static String order(String user) {
    return "room_order_by_user|" + user;
  }

  private static String large(String user) {
    return "large_rooms_by_user|" + user;
  }
}

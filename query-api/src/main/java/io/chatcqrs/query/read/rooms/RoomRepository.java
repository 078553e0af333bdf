package io.chatcqrs.query.read.rooms;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.query.read.PreparedStatements;
import io.chatcqrs.query.read.history.Message;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code rooms_by_user}, {@code large_rooms_by_user} and {@code chats} with statements
 * prepared once; every call goes through {@link GuardedCassandra}. The snapshot is one query over
 * the user's {@code rooms_by_user} partition (four small columns per room, fetched in pages of
 * {@value #SNAPSHOT_PAGE_SIZE} rows), so its cost grows with the user's room count, plus, in
 * parallel, the user's {@code large_rooms_by_user} rows and then those chats' rows ({@code IN}
 * reads of at most {@value #CHATS_PER_READ} chats): a room of a chat in fan-out-on-read mode is
 * computed there (activity = max(joined_at, the chat's last_activity_at), unread = the chat's
 * last_seq minus the user's marker, the chat's last message). A chat in both tables (a switch to
 * read mode in flight) is the large one. The content read of a page is one {@code IN} over its
 * {@code rooms_by_user} rooms.
 */
public final class RoomRepository implements RoomSource {
  /** Rows per page of the snapshot's query. */
  static final int SNAPSHOT_PAGE_SIZE = 5000;

  /** Chats per {@code IN} read of the large rooms' chat rows. */
  static final int CHATS_PER_READ = 100;

  /** Upper bound on the large groups read for one user. */
  static final int MAX_LARGE_ROOMS = 10_000;

  private final GuardedCassandra cassandra;
  private final PreparedStatement snapshot;
  private final PreparedStatement roomsIn;
  private final PreparedStatement largeRooms;
  private final PreparedStatement chatsIn;

  private RoomRepository(GuardedCassandra cassandra, Map<String, PreparedStatement> prepared) {
    this.cassandra = cassandra;
    this.snapshot = prepared.get("snapshot");
    this.roomsIn = prepared.get("roomsIn");
    this.largeRooms = prepared.get("largeRooms");
    this.chatsIn = prepared.get("chatsIn");
  }

  /** Prepares the statements (asynchronously) against {@code keyspace}. */
  public static Future<RoomRepository> prepare(GuardedCassandra cassandra, String keyspace) {
    return new PreparedStatements(cassandra.session(), keyspace)
        .add(
            "snapshot",
            "SELECT chat_id, last_activity_at, last_seq, last_read_seq FROM %s.rooms_by_user"
                + " WHERE user_id = ?")
        .add(
            "roomsIn",
            "SELECT chat_id, type, title, last_seq, last_read_seq, last_activity_at,"
                + " last_message_id, last_message_seq, last_sender_id, last_text, last_sent_at,"
                + " last_edited_at, last_deleted FROM %s.rooms_by_user"
                + " WHERE user_id = ? AND chat_id IN ?")
        .add(
            "largeRooms",
            "SELECT chat_id, last_read_seq, joined_at, WRITETIME(last_read_seq) AS written"
                + " FROM %s.large_rooms_by_user"
                + " WHERE user_id = ?")
        .add(
            "chatsIn",
            "SELECT chat_id, type, title, last_seq, last_activity_at, last_message_id,"
                + " last_message_seq, last_sender_id, last_text, last_sent_at, last_edited_at,"
                + " last_deleted, WRITETIME(last_seq) AS written FROM %s.chats WHERE chat_id IN ?")
        .prepareAll()
        .map(prepared -> new RoomRepository(cassandra, prepared));
  }

  @Override
  public Future<RoomSnapshot> snapshot(String userId) {
    Future<List<Row>> small =
        cassandra.allRows(snapshot.bind(userId).setPageSize(SNAPSHOT_PAGE_SIZE), Integer.MAX_VALUE);
    Future<List<Room>> large =
        largeRooms(userId).map(rooms -> rooms.stream().map(LargeRoom::room).toList());
    return Future.all(small, large)
        .map(
            done -> {
              List<Room> big = large.result();
              Set<String> bigIds = new HashSet<>();
              List<RoomSnapshot.Entry> entries =
                  new ArrayList<>(small.result().size() + big.size());
              for (Room room : big) {
                bigIds.add(room.chatId());
                entries.add(RoomSnapshot.Entry.of(room));
              }
              for (Row row : small.result()) {
                String chatId = row.getString(0);
                if (bigIds.contains(chatId)) {
                  continue;
                }
                Instant activity = row.getInstant(1);
                entries.add(
                    new RoomSnapshot.Entry(
                        new OrderKey(activity == null ? Instant.EPOCH : activity, chatId),
                        Room.unread(row.getLong(2), row.getLong(3))));
              }
              return new RoomSnapshot(entries);
            });
  }

  /**
   * The user's rooms of chats in fan-out-on-read mode, computed from their {@code
   * large_rooms_by_user} rows and the chats' rows (a row whose chat row is missing is left out), in
   * no particular order, each with the chat-event positions of its two rows.
   */
  public Future<List<LargeRoom>> largeRooms(String userId) {
    return cassandra
        .allRows(largeRooms.bind(userId).setPageSize(1000), MAX_LARGE_ROOMS)
        .compose(
            rows -> {
              if (rows.isEmpty()) {
                return Future.succeededFuture(List.<LargeRoom>of());
              }
              Map<String, Row> markers = new HashMap<>();
              rows.forEach(row -> markers.put(row.getString("chat_id"), row));
              List<String> ids = List.copyOf(markers.keySet());
              List<Future<List<Row>>> reads = new ArrayList<>();
              for (int from = 0; from < ids.size(); from += CHATS_PER_READ) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHATS_PER_READ));
                reads.add(cassandra.rows(chatsIn.bind(chunk).setPageSize(chunk.size() + 1)));
              }
              return Future.all(reads)
                  .map(
                      done -> {
                        List<LargeRoom> rooms = new ArrayList<>(ids.size());
                        for (Future<List<Row>> read : reads) {
                          for (Row chat : read.result()) {
                            Row marker = markers.get(chat.getString("chat_id"));
                            if (marker != null) {
                              rooms.add(
                                  new LargeRoom(
                                      largeRoom(chat, marker),
                                      LargeRoom.offsetOf(written(chat)),
                                      LargeRoom.offsetOf(written(marker))));
                            }
                          }
                        }
                        return rooms;
                      });
            });
  }

  /** A room of a chat in fan-out-on-read mode: the chat's row seen with the member's marker. */
  static Room largeRoom(Row chat, Row marker) {
    Instant joined = marker.getInstant("joined_at");
    Instant chatActivity = chat.getInstant("last_activity_at");
    Instant activity = later(joined, chatActivity);
    return new Room(
        chat.getString("chat_id"),
        chat.getString("type"),
        chat.getString("title"),
        chat.getLong("last_seq"),
        marker.getLong("last_read_seq"),
        activity == null ? Instant.EPOCH : activity,
        lastMessage(chat));
  }

  private static Long written(Row row) {
    return row.isNull("written") ? null : row.getLong("written");
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  @Override
  public Future<Map<String, Room>> rooms(String userId, Collection<String> chatIds) {
    if (chatIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> ids = List.copyOf(chatIds);
    return cassandra
        .rows(roomsIn.bind(userId, ids).setPageSize(ids.size() + 1))
        .map(
            rows -> {
              Map<String, Room> byId = new HashMap<>();
              rows.forEach(row -> byId.put(row.getString("chat_id"), toRoom(row)));
              return byId;
            });
  }

  private static Message lastMessage(Row row) {
    if (row.isNull("last_message_id")) {
      return null;
    }
    return new Message(
        row.getString("last_message_id"),
        row.getLong("last_message_seq"),
        row.getString("last_sender_id"),
        row.getString("last_text"),
        row.getInstant("last_sent_at"),
        row.getInstant("last_edited_at"),
        row.getBoolean("last_deleted"));
  }

  static Room toRoom(Row row) {
    Message last = lastMessage(row);
    return new Room(
        row.getString("chat_id"),
        row.getString("type"),
        row.getString("title"),
        row.getLong("last_seq"),
        row.getLong("last_read_seq"),
        row.getInstant("last_activity_at"),
        last);
  }
}

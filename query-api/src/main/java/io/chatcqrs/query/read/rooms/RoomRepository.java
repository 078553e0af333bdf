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
import java.util.List;
import java.util.Map;

/**
 * Reads {@code rooms_by_user} with statements prepared once; every call goes through {@link
 * GuardedCassandra}. The snapshot is one query over the user's partition (four small columns per
 * room, fetched in pages of {@value #SNAPSHOT_PAGE_SIZE} rows), so its cost grows with the user's
 * room count; the content read is one {@code IN} over the page's rooms.
 */
public final class RoomRepository implements RoomSource {
  /** Rows per page of the snapshot's query. */
  static final int SNAPSHOT_PAGE_SIZE = 5000;

  private final GuardedCassandra cassandra;
  private final PreparedStatement snapshot;
  private final PreparedStatement roomsIn;

  private RoomRepository(GuardedCassandra cassandra, Map<String, PreparedStatement> prepared) {
    this.cassandra = cassandra;
    this.snapshot = prepared.get("snapshot");
    this.roomsIn = prepared.get("roomsIn");
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
        .prepareAll()
        .map(prepared -> new RoomRepository(cassandra, prepared));
  }

  @Override
  public Future<RoomSnapshot> snapshot(String userId) {
    return cassandra
        .allRows(snapshot.bind(userId).setPageSize(SNAPSHOT_PAGE_SIZE), Integer.MAX_VALUE)
        .map(
            rows -> {
              List<RoomSnapshot.Entry> entries = new ArrayList<>(rows.size());
              for (Row row : rows) {
                Instant activity = row.getInstant(1);
                entries.add(
                    new RoomSnapshot.Entry(
                        new OrderKey(activity == null ? Instant.EPOCH : activity, row.getString(0)),
                        Room.unread(row.getLong(2), row.getLong(3))));
              }
              return new RoomSnapshot(entries);
            });
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

  static Room toRoom(Row row) {
    Message last = null;
    if (!row.isNull("last_message_id")) {
      last =
          new Message(
              row.getString("last_message_id"),
              row.getLong("last_message_seq"),
              row.getString("last_sender_id"),
              row.getString("last_text"),
              row.getInstant("last_sent_at"),
              row.getInstant("last_edited_at"),
              row.getBoolean("last_deleted"));
    }
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

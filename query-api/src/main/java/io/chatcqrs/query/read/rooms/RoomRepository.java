package io.chatcqrs.query.read.rooms;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.query.read.PreparedStatements;
import io.chatcqrs.query.read.history.Message;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code room_order_by_user}, {@code rooms_by_user} and {@code user_totals} with statements
 * prepared once; every call goes through {@link GuardedCassandra}.
 */
public final class RoomRepository implements RoomSource {
  private final GuardedCassandra cassandra;
  private final PreparedStatement orderTop;
  private final PreparedStatement orderAfter;
  private final PreparedStatement roomsIn;
  private final PreparedStatement total;

  private RoomRepository(GuardedCassandra cassandra, Map<String, PreparedStatement> prepared) {
    this.cassandra = cassandra;
    this.orderTop = prepared.get("orderTop");
    this.orderAfter = prepared.get("orderAfter");
    this.roomsIn = prepared.get("roomsIn");
    this.total = prepared.get("total");
  }

  /** Prepares the statements (asynchronously) against {@code keyspace}. */
  public static Future<RoomRepository> prepare(GuardedCassandra cassandra, String keyspace) {
    return new PreparedStatements(cassandra.session(), keyspace)
        .add(
            "orderTop",
            "SELECT last_activity_at, chat_id FROM %s.room_order_by_user WHERE user_id = ?"
                + " LIMIT ?")
        .add(
            "orderAfter",
            "SELECT last_activity_at, chat_id FROM %s.room_order_by_user WHERE user_id = ?"
                + " AND (last_activity_at, chat_id) < (?, ?) LIMIT ?")
        .add(
            "roomsIn",
            "SELECT chat_id, type, title, last_seq, last_read_seq, last_activity_at,"
                + " last_message_id, last_message_seq, last_sender_id, last_text, last_sent_at,"
                + " last_edited_at, last_deleted FROM %s.rooms_by_user"
                + " WHERE user_id = ? AND chat_id IN ?")
        .add("total", "SELECT total_unread FROM %s.user_totals WHERE user_id = ?")
        .prepareAll()
        .map(prepared -> new RoomRepository(cassandra, prepared));
  }

  @Override
  public Future<List<OrderKey>> orderSlice(String userId, OrderKey after, int count) {
    var statement =
        after == null
            ? orderTop.bind(userId, count)
            : orderAfter.bind(userId, after.lastActivityAt(), after.chatId(), count);
    return cassandra
        .rows(statement.setPageSize(count + 1))
        .map(
            rows ->
                rows.stream()
                    .map(row -> new OrderKey(row.getInstant(0), row.getString(1)))
                    .toList());
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

  @Override
  public Future<Long> totalUnread(String userId) {
    return cassandra
        .one(total.bind(userId))
        .map(row -> row == null || row.isNull(0) ? 0L : row.getLong(0));
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

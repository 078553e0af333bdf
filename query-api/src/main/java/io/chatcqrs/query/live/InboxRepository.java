package io.chatcqrs.query.live;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.query.read.PreparedStatements;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Reads a user's {@code user_inbox} (the 24 h copy of their live events) for SSE resume, one
 * bounded slice at a time: the events of one partition after one offset and up to another.
 */
public final class InboxRepository {
  private final GuardedCassandra cassandra;
  private final PreparedStatement slice;

  private InboxRepository(GuardedCassandra cassandra, PreparedStatement slice) {
    this.cassandra = cassandra;
    this.slice = slice;
  }

  /** Prepares the statement (asynchronously) against {@code keyspace}. */
  public static Future<InboxRepository> prepare(GuardedCassandra cassandra, String keyspace) {
    return new PreparedStatements(cassandra.session(), keyspace)
        .add(
            "slice",
            "SELECT event_offset, kind, data, occurred_at FROM %s.user_inbox WHERE user_id = ?"
                + " AND event_partition = ? AND event_offset > ? AND event_offset <= ? LIMIT ?")
        .prepareAll()
        .map(prepared -> new InboxRepository(cassandra, prepared.get("slice")));
  }

  /**
   * Up to {@code count} of the user's events on {@code partition} with {@code after < offset <=
   * upTo}, oldest first.
   */
  public Future<List<SseEvent>> slice(
      String userId, int partition, long after, long upTo, int count) {
    return cassandra
        .rows(slice.bind(userId, partition, after, upTo, count).setPageSize(count + 1))
        .map(rows -> rows.stream().map(row -> toEvent(userId, partition, row)).toList());
  }

  private static SseEvent toEvent(String userId, int partition, Row row) {
    Instant occurred = row.getInstant("occurred_at");
    return new SseEvent(
        userId,
        partition,
        row.getLong("event_offset"),
        occurred == null ? System.currentTimeMillis() : occurred.toEpochMilli(),
        row.getString("kind"),
        row.getString("data"));
  }
}

package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.chatcqrs.projection.sink.chats.ChatWrites;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import io.chatcqrs.projection.sink.history.HistoryWrites;
import io.chatcqrs.projection.sink.inbox.InboxWrites;
import io.chatcqrs.projection.sink.positions.PositionWrites;
import io.chatcqrs.projection.sink.rooms.RoomWrites;
import io.chatcqrs.projection.sink.totals.TotalWrites;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The driver adapter of the read models' writes: prepares every {@link SinkStatement} once per
 * session (idempotent, LOCAL_QUORUM) and binds a {@link RowWrite} by marker name; a marker absent
 * from its values stays unset (no tombstone), a null value is bound as null.
 */
final class PreparedWrites {
  /** Every statement the sink executes. */
  static final List<SinkStatement> STATEMENTS =
      Stream.of(
              ChatWrites.STATEMENTS,
              HistoryWrites.STATEMENTS,
              RoomWrites.STATEMENTS,
              InboxWrites.STATEMENTS,
              TotalWrites.STATEMENTS,
              PositionWrites.STATEMENTS)
          .flatMap(List::stream)
          .toList();

  private final Map<SinkStatement, PreparedStatement> prepared = new IdentityHashMap<>();

  /**
   * Prepares every statement in {@code keyspace}; fails if a table or column is missing (a
   * migration was not applied).
   */
  PreparedWrites(CqlSession session, String keyspace) {
    for (SinkStatement s : STATEMENTS) {
      prepared.put(
          s,
          session.prepare(
              SimpleStatement.newInstance(s.cql(keyspace))
                  .setIdempotent(true)
                  .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)));
    }
  }

  /** {@code w} bound by name, with its batch key and table. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  KeyedWrite bind(RowWrite w) {
    PreparedStatement ps = prepared.get(w.statement());
    if (ps == null) {
      throw new IllegalArgumentException("not prepared: " + w.statement());
    }
    BoundStatementBuilder b = ps.boundStatementBuilder();
    for (Map.Entry<String, Object> e : w.values().entrySet()) {
      Object v = e.getValue();
      b = v == null ? b.setToNull(e.getKey()) : b.set(e.getKey(), v, (Class) v.getClass());
    }
    return new KeyedWrite(w.partition(), w.table(), b.build());
  }
}

package io.chatcqrs.projection.sink.positions;

import io.chatcqrs.projection.sink.cql.Bindings;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.time.Clock;
import java.util.List;

/**
 * The projection's positions ({@code projection_positions}): per projection name ({@link
 * io.chatcqrs.events.projection.ProjectionNames}) and input partition, the offset whose rows are
 * all written. Read-your-writes compares a command's position with these; the sink writes them only
 * after every row of the batch succeeded.
 */
public final class PositionWrites {
  /** Upserts a position. */
  public static final SinkStatement UPSERT_POSITION =
      SinkStatement.of(
          "projection_positions",
          "INSERT INTO {keyspace}.projection_positions (projection, event_partition,"
              + " applied_offset, updated_at) VALUES (:projection, :event_partition,"
              + " :applied_offset, :updated_at) USING TIMESTAMP :ts");

  /** Every statement of this read model, for preparing. */
  public static final List<SinkStatement> STATEMENTS = List.of(UPSERT_POSITION);

  private final Clock clock;

  /** Positions stamped {@code updated_at} by {@code clock}. */
  public PositionWrites(Clock clock) {
    this.clock = clock;
  }

  /** The position of {@code projection}'s {@code partition} at {@code offset}, at {@code ts}. */
  public RowWrite of(String projection, int partition, long offset, long ts) {
    return UPSERT_POSITION.write(
        "projection_positions|" + projection,
        Bindings.named()
            .set("projection", projection)
            .set("event_partition", partition)
            .set("applied_offset", offset)
            .set("updated_at", clock.instant())
            .set("ts", ts));
  }
}

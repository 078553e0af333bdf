package io.chatcqrs.projection.sink.totals;

import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.sink.cql.Bindings;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.util.List;
import java.util.Optional;

/**
 * A user's total unread count ({@code user_totals}) as the user stage computed it: the sum over the
 * user's fan-out-on-write rooms only (the room list adds the large rooms itself). Written at the
 * user event's timestamp, so the newest event of the user's partition wins.
 */
public final class TotalWrites {
  /** Upserts the total. */
  public static final SinkStatement UPSERT_TOTAL =
      SinkStatement.of(
          "user_totals",
          "INSERT INTO {keyspace}.user_totals (user_id, total_unread)"
              + " VALUES (:user_id, :total_unread) USING TIMESTAMP :ts");

  /** Every statement of this read model, for preparing. */
  public static final List<SinkStatement> STATEMENTS = List.of(UPSERT_TOTAL);

  /** The total of {@code e} at {@code ts}, if the event carries one. */
  public Optional<RowWrite> of(UserEvent e, long ts) {
    if (e.totalUnread() == null) {
      return Optional.empty();
    }
    String user = e.userId().value();
    return Optional.of(
        UPSERT_TOTAL.write(
            "user_totals|" + user,
            Bindings.named()
                .set("user_id", user)
                .set("total_unread", e.totalUnread())
                .set("ts", ts)));
  }
}

package io.chatcqrs.query.resilience;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chatcqrs.query.read.PreparedStatements;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A small in-process watcher of {@code projection_positions}: callers ask to be told when a
 * projection has applied a partition up to an offset, and get {@code true} as soon as it has or
 * {@code false} when their bounded wait runs out. Positions already known to be reached answer at
 * once without a query; otherwise one poll per projection every {@code pollInterval} serves every
 * waiter, and polling stops when nobody waits. Not thread-safe: used on one Vert.x context.
 */
public final class ProjectionPositions {
  private final Vertx vertx;
  private final GuardedCassandra cassandra;
  private final PreparedStatement select;
  private final Duration pollInterval;
  private final Map<String, Map<Integer, Long>> known = new HashMap<>();
  private final Map<String, List<Waiter>> waiters = new HashMap<>();
  private final Map<String, Boolean> polling = new HashMap<>();

  private ProjectionPositions(
      GuardedCassandra cassandra, PreparedStatement select, Duration pollInterval) {
    this.vertx = cassandra.vertx();
    this.cassandra = cassandra;
    this.select = select;
    this.pollInterval = pollInterval;
  }

  /** Prepares the watcher's statement against {@code keyspace}. */
  public static Future<ProjectionPositions> prepare(
      GuardedCassandra cassandra, String keyspace, Duration pollInterval) {
    return new PreparedStatements(cassandra.session(), keyspace)
        .add(
            "select",
            "SELECT event_partition, applied_offset FROM %s.projection_positions"
                + " WHERE projection = ?")
        .prepareAll()
        .map(p -> new ProjectionPositions(cassandra, p.get("select"), pollInterval));
  }

  /**
   * Completes with true once {@code projection} has applied {@code partition} up to {@code offset}
   * (inclusive), or with false after {@code maxWait}. Never fails.
   */
  public Future<Boolean> awaitApplied(
      String projection, int partition, long offset, Duration maxWait) {
    if (reached(projection, partition, offset)) {
      return Future.succeededFuture(true);
    }
    Promise<Boolean> promise = Promise.promise();
    Waiter waiter = new Waiter(partition, offset, promise);
    waiter.timer =
        vertx.setTimer(
            Math.max(1, maxWait.toMillis()),
            id -> {
              waiters.getOrDefault(projection, List.of()).remove(waiter);
              promise.tryComplete(false);
            });
    waiters.computeIfAbsent(projection, p -> new ArrayList<>()).add(waiter);
    if (!polling.getOrDefault(projection, false)) {
      polling.put(projection, true);
      poll(projection);
    }
    return promise.future();
  }

  private boolean reached(String projection, int partition, long offset) {
    Long applied = known.getOrDefault(projection, Map.of()).get(partition);
    return applied != null && applied >= offset;
  }

  private void poll(String projection) {
    cassandra
        .rows(select.bind(projection))
        .onSuccess(
            rows -> {
              Map<Integer, Long> positions =
                  known.computeIfAbsent(projection, p -> new HashMap<>());
              rows.forEach(row -> positions.merge(row.getInt(0), row.getLong(1), Math::max));
              release(projection);
            })
        .onComplete(
            done -> {
              if (waiters.getOrDefault(projection, List.of()).isEmpty()) {
                polling.put(projection, false);
              } else {
                vertx.setTimer(pollInterval.toMillis(), id -> poll(projection));
              }
            });
  }

  private void release(String projection) {
    Iterator<Waiter> it = waiters.getOrDefault(projection, List.of()).iterator();
    while (it.hasNext()) {
      Waiter waiter = it.next();
      if (reached(projection, waiter.partition, waiter.offset)) {
        it.remove();
        vertx.cancelTimer(waiter.timer);
        waiter.promise.tryComplete(true);
      }
    }
  }

  private static final class Waiter {
    final int partition;
    final long offset;
    final Promise<Boolean> promise;
    long timer;

    Waiter(int partition, long offset, Promise<Boolean> promise) {
      this.partition = partition;
      this.offset = offset;
      this.promise = promise;
    }
  }
}

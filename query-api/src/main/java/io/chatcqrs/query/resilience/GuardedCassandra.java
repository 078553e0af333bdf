package io.chatcqrs.query.resilience;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.platform.async.Futures;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one door to Cassandra for the query side: every statement runs with a driver timeout, inside
 * a circuit breaker, and completes as a Vert.x {@link Future} on the caller's context. When the
 * breaker is open calls fail at once (with {@code OpenCircuitException}); the callers then fall
 * back to a cached answer or a 503.
 */
public final class GuardedCassandra {
  private final Vertx vertx;
  private final CqlSession session;
  private final CircuitBreaker breaker;
  private final Duration timeout;

  /**
   * @param timeout the driver's timeout for each statement; the breaker allows a little more
   * @param maxFailures failures (in the rolling window) that open the breaker
   * @param resetTimeout how long the breaker stays open before a trial call
   */
  public GuardedCassandra(
      Vertx vertx, CqlSession session, Duration timeout, int maxFailures, Duration resetTimeout) {
    this.vertx = vertx;
    this.session = session;
    this.timeout = timeout;
    this.breaker =
        CircuitBreaker.create(
            "cassandra",
            vertx,
            new CircuitBreakerOptions()
                .setTimeout(timeout.toMillis() + 250)
                .setMaxFailures(maxFailures)
                .setResetTimeout(resetTimeout.toMillis())
                .setFailuresRollingWindow(10_000)
                .setNotificationAddress(null));
  }

  /** The Vert.x instance the futures complete on. */
  public Vertx vertx() {
    return vertx;
  }

  /** The session, for preparing statements at start. */
  public CqlSession session() {
    return session;
  }

  /** The breaker's state, for metrics and readiness. */
  public CircuitBreakerState state() {
    return breaker.state();
  }

  /** Runs one statement and returns the first page (enough for every LIMITed query). */
  public Future<AsyncResultSet> execute(BoundStatement statement) {
    BoundStatement timed = statement.setTimeout(timeout);
    return breaker.execute(() -> Futures.from(session.executeAsync(timed)));
  }

  /** Runs one statement and returns the rows of its first page. */
  public Future<List<Row>> rows(BoundStatement statement) {
    return execute(statement).map(GuardedCassandra::currentPage);
  }

  /** Runs one statement and returns its single row, or null. */
  public Future<Row> one(BoundStatement statement) {
    return execute(statement).map(AsyncResultSet::one);
  }

  /**
   * Runs one statement and collects all its pages, up to {@code maxRows} (each page fetch guarded
   * the same way).
   */
  public Future<List<Row>> allRows(BoundStatement statement, int maxRows) {
    return execute(statement).compose(first -> collect(first, new ArrayList<>(), maxRows));
  }

  /** Stops the breaker's timers. */
  public void close() {
    breaker.close();
  }

  private Future<List<Row>> collect(AsyncResultSet page, List<Row> into, int maxRows) {
    for (Row row : page.currentPage()) {
      if (into.size() >= maxRows) {
        return Future.succeededFuture(into);
      }
      into.add(row);
    }
    if (!page.hasMorePages() || into.size() >= maxRows) {
      return Future.succeededFuture(into);
    }
    return breaker
        .<AsyncResultSet>execute(() -> Futures.from(page.fetchNextPage()))
        .compose(next -> collect(next, into, maxRows));
  }

  private static List<Row> currentPage(AsyncResultSet resultSet) {
    List<Row> rows = new ArrayList<>(resultSet.remaining());
    resultSet.currentPage().forEach(rows::add);
    return rows;
  }
}

package io.chatcqrs.query.live.ticket;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chatcqrs.query.read.PreparedStatements;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The single use of live-stream tickets, shared by every query-api instance: {@code
 * live_tickets_used}, written with a lightweight transaction ({@code INSERT ... IF NOT EXISTS},
 * serial consistency {@code LOCAL_SERIAL}), so that of any number of concurrent uses of one ticket
 * on any instances exactly one wins. Each row lives for the ticket's lifetime plus {@code
 * skewAllowance}, which must cover the clock difference between instances.
 */
public final class UsedTickets {
  private final GuardedCassandra cassandra;
  private final PreparedStatement insert;
  private final int ttlSeconds;

  private UsedTickets(GuardedCassandra cassandra, PreparedStatement insert, int ttlSeconds) {
    this.cassandra = cassandra;
    this.insert = insert;
    this.ttlSeconds = ttlSeconds;
  }

  /** Prepares the statement (asynchronously) against {@code keyspace}. */
  public static Future<UsedTickets> prepare(
      GuardedCassandra cassandra, String keyspace, Duration ticketTtl, Duration skewAllowance) {
    int ttl = (int) Math.max(1, ticketTtl.plus(skewAllowance).toSeconds());
    return new PreparedStatements(cassandra.session(), keyspace)
        .add(
            "insert",
            "INSERT INTO %s.live_tickets_used (nonce, user_id) VALUES (:nonce, :user_id)"
                + " IF NOT EXISTS USING TTL :ttl")
        .prepareAll()
        .map(prepared -> new UsedTickets(cassandra, prepared.get("insert"), ttl));
  }

  /**
   * Records that {@code ticket} is being used: true the first time, false if it was used before (on
   * any instance). Fails when Cassandra cannot answer in time.
   */
  public Future<Boolean> markUsed(Ticket ticket) {
    return cassandra
        .execute(
            insert
                .boundStatementBuilder()
                .setString("nonce", ticket.nonce())
                .setString("user_id", ticket.userId().value())
                .setInt("ttl", ttlSeconds)
                .setSerialConsistencyLevel(DefaultConsistencyLevel.LOCAL_SERIAL)
                .build())
        .map(result -> result.wasApplied());
  }
}

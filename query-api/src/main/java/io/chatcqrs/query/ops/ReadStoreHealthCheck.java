package io.chatcqrs.query.ops;

import io.chatcqrs.platform.health.HealthCheck;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;

/**
 * Reports whether the Cassandra breaker is closed. Not critical: with Cassandra down the service
 * still answers, from its fallback cache or with a quick 503, so it stays in the load balancer.
 */
public final class ReadStoreHealthCheck implements HealthCheck {
  private final GuardedCassandra cassandra;

  /** A check of {@code cassandra}'s breaker. */
  public ReadStoreHealthCheck(GuardedCassandra cassandra) {
    this.cassandra = cassandra;
  }

  @Override
  public String name() {
    return "cassandra";
  }

  @Override
  public boolean critical() {
    return false;
  }

  @Override
  public Future<Void> check() {
    CircuitBreakerState state = cassandra.state();
    return state == CircuitBreakerState.CLOSED
        ? Future.succeededFuture()
        : Future.failedFuture("circuit breaker " + state.name().toLowerCase());
  }
}

package io.chatcqrs.platform.health;

import io.vertx.core.Future;

/**
 * One dependency a service's readiness depends on. {@link #check()} must not block and should
 * finish quickly; {@link Health} also bounds it with its own timeout.
 */
public interface HealthCheck {
  /** A short name shown in the readiness body, e.g. {@code kafka}. */
  String name();

  /**
   * Whether the service is unready while this check fails. A non-critical check (say Cassandra for
   * a service that only uses it as an optional cache) is reported but does not make it unready.
   */
  default boolean critical() {
    return true;
  }

  /** Succeeds when the dependency answers; fails with the reason otherwise. */
  Future<Void> check();
}

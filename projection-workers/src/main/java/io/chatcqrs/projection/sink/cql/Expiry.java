package io.chatcqrs.projection.sink.cql;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A TTL counted from the activity that produced a row rather than from the write, so that a replay
 * of old events does not revive expired rows.
 *
 * @param ttl how long a row lives after its activity
 * @param clock the present
 */
public record Expiry(Duration ttl, Clock clock) {

  /** Seconds left of the TTL counted from {@code since}, at most the TTL; 0 or less if expired. */
  public int secondsLeftSince(Instant since) {
    long age = Math.max(0, Duration.between(since, clock.instant()).toSeconds());
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ttl.toSeconds() - age));
  }

  /** The whole TTL in seconds. */
  public int seconds() {
    return (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds());
  }
}

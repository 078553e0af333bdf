package io.chatcqrs.command.idempotency;

import io.chatcqrs.command.ids.KeyedIds;
import io.chatcqrs.platform.config.ServiceConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of {@code Idempotency-Key} handling.
 *
 * @param ttl how long an answer is kept for replay ({@code command.idempotency.ttl-ms}, default 24
 *     h: the contract's minimum)
 * @param inFlightTtl how long a claim lives while its command runs ({@code
 *     command.idempotency.in-flight-ttl-ms}, default 60 s): longer than any command takes, short
 *     enough that a claim left by a crashed instance frees the key soon
 * @param timeout how long a request waits for the store before it is answered 503 ({@code
 *     command.idempotency.timeout-ms}, default 2 s)
 * @param secret the key of derived group chat ids ({@code command.idempotency.secret}, default
 *     {@code chat.direct-id-secret}, which is stable across runs); the same on every instance
 */
public record IdempotencySettings(
    Duration ttl, Duration inFlightTtl, Duration timeout, String secret) {
  /** Cassandra's largest TTL (20 years). */
  private static final long MAX_TTL_SECONDS = 630_720_000L;

  public IdempotencySettings {
    Objects.requireNonNull(secret, "secret");
    requireSeconds("ttl", ttl);
    requireSeconds("inFlightTtl", inFlightTtl);
    if (inFlightTtl.compareTo(ttl) > 0) {
      throw new IllegalArgumentException("the in-flight TTL must not exceed the TTL");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the idempotency timeout must be positive");
    }
  }

  /** The settings from the service configuration. */
  public static IdempotencySettings fromConfig(ServiceConfig cfg) {
    return new IdempotencySettings(
        cfg.millis("command.idempotency.ttl-ms", Duration.ofHours(24)),
        cfg.millis("command.idempotency.in-flight-ttl-ms", Duration.ofSeconds(60)),
        cfg.millis("command.idempotency.timeout-ms", Duration.ofSeconds(2)),
        cfg.string("command.idempotency.secret", cfg.string(KeyedIds.SECRET_KEY)));
  }

  /** The TTL in whole seconds, as Cassandra takes it. */
  int ttlSeconds() {
    return (int) ttl.toSeconds();
  }

  /** The in-flight TTL in whole seconds. */
  int inFlightTtlSeconds() {
    return (int) inFlightTtl.toSeconds();
  }

  private static void requireSeconds(String name, Duration value) {
    if (value.toSeconds() < 1 || value.toSeconds() > MAX_TTL_SECONDS) {
      throw new IllegalArgumentException(name + " must be between 1 s and 20 years, was " + value);
    }
  }
}

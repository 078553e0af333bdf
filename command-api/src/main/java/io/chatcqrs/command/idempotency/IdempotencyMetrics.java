package io.chatcqrs.command.idempotency;

import io.chatcqrs.platform.metrics.Metrics;
import io.micrometer.core.instrument.Counter;

/**
 * Counters of {@code Idempotency-Key} handling: {@code chat_idempotency_requests_total{outcome}}
 * with outcome {@code executed} (key claimed, command ran), {@code replayed}, {@code in_flight}
 * (409), {@code mismatch} (422) and {@code unavailable} (503: the store did not answer), and {@code
 * chat_idempotency_unrecorded_total}: 2xx answers that could not be recorded (the claim then blocks
 * the key until the in-flight TTL ends).
 */
public record IdempotencyMetrics(
    Counter executed,
    Counter replayed,
    Counter inFlight,
    Counter mismatch,
    Counter unavailable,
    Counter unrecorded) {

  /** The counters, registered in {@code metrics}. */
  public static IdempotencyMetrics of(Metrics metrics) {
    String name = "chat_idempotency_requests";
    String help = "requests with an Idempotency-Key, by outcome";
    return new IdempotencyMetrics(
        metrics.counter(name, help, "outcome", "executed"),
        metrics.counter(name, help, "outcome", "replayed"),
        metrics.counter(name, help, "outcome", "in_flight"),
        metrics.counter(name, help, "outcome", "mismatch"),
        metrics.counter(name, help, "outcome", "unavailable"),
        metrics.counter(
            "chat_idempotency_unrecorded", "2xx answers whose record could not be written"));
  }
}

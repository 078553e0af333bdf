package io.chatcqrs.query.ops;

import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.query.live.FeedProgress;
import io.chatcqrs.query.live.SseEvent;
import io.chatcqrs.query.live.SseHub;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The query side's own meters: open SSE connections, events delivered, delivery lag (from the
 * event's occurrence to its write to a client) and the Cassandra breaker's state (0 closed, 1 half
 * open, 2 open). Gauges are removed again by {@link #close()}, so a redeployed verticle reports its
 * own values.
 */
public final class LiveMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final Counter delivered;
  private final Counter groupDelivered;
  private final Timer lag;
  private final List<Meter> gauges = new ArrayList<>();

  /** Meters in {@code registry}; the breaker gauge reads {@code cassandra}'s state. */
  public LiveMetrics(MeterRegistry registry, GuardedCassandra cassandra) {
    this.registry = registry;
    this.delivered =
        Counter.builder("chat_query_sse_events_delivered")
            .description("events written to SSE connections")
            .register(registry);
    this.groupDelivered =
        Counter.builder("chat_query_sse_group_events_delivered")
            .description("events of large groups (chat.group-events.v1) written to SSE connections")
            .register(registry);
    this.lag =
        Timer.builder("chat_query_sse_delivery_lag")
            .description("time from an event's occurrence to its delivery to a connection")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    gauges.add(
        Gauge.builder("chat_query_cassandra_breaker_state", cassandra, c -> c.state().ordinal())
            .description("Cassandra circuit breaker: 0 closed, 1 half open, 2 open")
            .strongReference(true)
            .register(registry));
  }

  /** Reports {@code hub}'s connection count. */
  public void watch(SseHub hub) {
    gauges.add(
        Gauge.builder("chat_query_sse_connections", hub, SseHub::connections)
            .description("open SSE connections")
            .strongReference(true)
            .register(registry));
  }

  /**
   * Reports the group feed's readiness ({@code chat_query_group_feed_ready}: 1 while it makes
   * progress within {@code stallAfter}, else 0) and the seconds since its last completed round
   * ({@code chat_query_group_feed_seconds_since_progress}).
   */
  public void watch(FeedProgress progress, Duration stallAfter) {
    gauges.add(
        Gauge.builder(
                "chat_query_group_feed_ready", progress, p -> p.problem(stallAfter) == null ? 1 : 0)
            .description("1 while the group-events feed makes progress, else 0")
            .strongReference(true)
            .register(registry));
    gauges.add(
        Gauge.builder(
                "chat_query_group_feed_seconds_since_progress",
                progress,
                p -> p.sinceLastRound().toMillis() / 1000.0)
            .description("seconds since the group-events feed last completed a poll round")
            .strongReference(true)
            .register(registry));
  }

  /** Records that the group event was handed to {@code connections} connections. */
  public void groupDelivered(GroupEvent event, int connections) {
    if (connections == 0) {
      return;
    }
    groupDelivered.increment(connections);
    if (event.occurredAt() != null) {
      long lagMillis = Math.max(0, System.currentTimeMillis() - event.occurredAt().toEpochMilli());
      lag.record(lagMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Counts a stream closed because it could not be given every event of its large groups. */
  public void groupGap(SseHub.GroupGap gap) {
    Counter.builder("chat_query_sse_group_gap_closes")
        .description(
            "SSE streams closed because they could not be given every event of a large group"
                + " (held-overflow: too many arrived while its groups were read; replay-incomplete:"
                + " the recent events of a chat it began to follow lost some); the client"
                + " reconnects and gets the groups' rooms")
        .tag("reason", gap.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .register(registry)
        .increment();
  }

  /** Records that {@code event} was handed to {@code connections} connections. */
  public void delivered(SseEvent event, int connections) {
    if (connections == 0) {
      return;
    }
    delivered.increment(connections);
    long lagMillis = Math.max(0, System.currentTimeMillis() - event.occurredAtMillis());
    lag.record(lagMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }
}

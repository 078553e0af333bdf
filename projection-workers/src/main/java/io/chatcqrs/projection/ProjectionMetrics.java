package io.chatcqrs.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The projection's meters, all under {@code chat.projection.*}: events per stage and outcome (rate
 * them for events/s), the sink's batch size and write latency, its consumer lag, and the freshness
 * histogram (source record timestamp to the moment its read-model rows were written).
 *
 * <p>The registry may be the process's shared one ({@code Metrics.processRegistry()}): counters and
 * histograms then add up over the instances a JVM ran one after the other, and {@link #close()}
 * removes the one gauge that belongs to this instance (the lag), so that a later instance's shows.
 */
public final class ProjectionMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Timer batchLatency;
  private final Timer freshness;
  private final AtomicLong lag = new AtomicLong();
  private final Gauge lagGauge;

  /** Meters registered in {@code registry}. */
  public ProjectionMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize =
        DistributionSummary.builder("chat.projection.sink.batch.size")
            .description("records per polled batch written by the Cassandra sink")
            .publishPercentileHistogram()
            .register(registry);
    this.batchLatency =
        Timer.builder("chat.projection.sink.batch.latency")
            .description("time to write one polled batch to Cassandra, commit included")
            .publishPercentileHistogram()
            .register(registry);
    this.freshness =
        Timer.builder("chat.projection.freshness")
            .description("source record timestamp to read-model rows written")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    this.lagGauge =
        Gauge.builder("chat.projection.sink.lag", lag, AtomicLong::get)
            .description("records the sink has yet to read, over its assigned partitions")
            .strongReference(true)
            .register(registry);
  }

  /** Meters in a private registry, for tests and tools. */
  public static ProjectionMetrics noop() {
    return new ProjectionMetrics(new SimpleMeterRegistry());
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts one event handled by {@code stage} with {@code outcome}. */
  public void stageEvent(String stage, String outcome) {
    counters
        .computeIfAbsent(
            stage + "|" + outcome,
            k ->
                Counter.builder("chat.projection.events")
                    .description("events handled per stage and outcome")
                    .tag("stage", stage)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  /**
   * Counts one statement written to {@code table} ({@code chat_projection_cql_writes_total}), for
   * the bench's Cassandra writes per message.
   */
  public void cqlWrite(String table) {
    cqlWrites(table).increment();
  }

  /**
   * Registers the write counters of {@code tables} at zero, so that a reader of {@code /metrics}
   * (the bench) sees every table's counter before the first write.
   */
  public void expectCqlWrites(java.util.Collection<String> tables) {
    tables.forEach(this::cqlWrites);
  }

  private Counter cqlWrites(String table) {
    return counters.computeIfAbsent(
        "cql|" + table,
        k ->
            Counter.builder("chat.projection.cql.writes")
                .description("CQL statements written by the sink, per table")
                .tag("table", table)
                .register(registry));
  }

  /** Records one written batch. */
  public void sinkBatch(int records, long nanos) {
    batchSize.record(records);
    batchLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records the freshness of one applied record. */
  public void freshness(long sourceTimestampMs, long appliedAtMs) {
    freshness.record(Math.max(0, appliedAtMs - sourceTimestampMs), TimeUnit.MILLISECONDS);
  }

  /** Sets the sink's current total consumer lag (records). */
  public void lag(long records) {
    lag.set(records);
  }

  /** Removes this instance's gauge (the lag) from the registry; the other meters stay. */
  public void close() {
    registry.remove(lagGauge);
  }
}

package io.chatcqrs.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the group-size scenario measured for one group: per message, the bytes and records on every
 * topic, the projection's CQL writes per table and the services' CPU, over {@code messages}
 * messages sent in the cost phase; and the send -> visible-to-the-last-member latency over {@code
 * latencySamples} messages ({@code notVisible} of them did not show within the bound).
 */
record GroupSizeResult(
    int members,
    long messages,
    TopicTraffic traffic,
    Map<String, Double> cqlWrites,
    double cpuMillisPerMessage,
    Histogram latencyMicros,
    long notVisible) {

  GroupSizeResult {
    cqlWrites = Map.copyOf(cqlWrites);
  }

  /** Bytes per message over every measured topic. */
  double bytesPerMessage() {
    return (double) traffic.sum(t -> true).bytes() / messages;
  }

  /** Bytes per message over the topics {@code family} accepts. */
  double bytesPerMessage(java.util.function.Predicate<String> family) {
    return (double) traffic.sum(family).bytes() / messages;
  }

  /** Kafka records per message over every measured topic. */
  double recordsPerMessage() {
    return (double) traffic.sum(t -> true).records() / messages;
  }

  /** CQL writes per message, all tables. */
  double cqlWritesPerMessage() {
    return cqlWrites.values().stream().mapToDouble(Double::doubleValue).sum() / messages;
  }

  /** A latency percentile in ms (NaN without samples). */
  double latencyMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }
}

package io.chatcqrs.bench;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured: successful operations, failures, the wall time and the latency
 * histogram of successful operations in microseconds.
 */
public record LoadResult(
    String label, int concurrency, long ok, long failed, double seconds, Histogram micros) {

  /** Successful operations per second. */
  public double throughput() {
    return ok / seconds;
  }

  /** A latency percentile in milliseconds. */
  public double millisAt(double percentile) {
    return micros.getTotalCount() == 0
        ? Double.NaN
        : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  /** One markdown table row: label, concurrency, ops/s, p50, p99, p99.9, failures. */
  public String row() {
    return String.format(
        java.util.Locale.ROOT,
        "| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |",
        label,
        concurrency,
        throughput(),
        millisAt(50),
        millisAt(99),
        millisAt(99.9),
        failed);
  }

  /** The header matching {@link #row()}. */
  public static String header() {
    return "| path | concurrency | ops/s | p50 ms | p99 ms | p99.9 ms | failed |\n"
        + "|---|---:|---:|---:|---:|---:|---:|";
  }
}

package io.chatcqrs.projection.sink;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Follows what the sink thread does and says whether it makes progress: not while it resolves the
 * topic epochs, waits for its assignment, after {@code maxFailures} batches in a row failed (say
 * Cassandra is down: the sink retries forever, but nothing progresses), while one batch has been
 * writing for longer than {@code stuckAfter}, or after its thread stopped. Thread-safe: the sink
 * thread reports, probes read.
 */
final class SinkProgress {
  private enum Phase {
    STARTING,
    RESOLVING,
    CONSUMING
  }

  private final int maxFailures;
  private final Duration stuckAfter;
  private final LongSupplier nanoClock;
  private Phase phase = Phase.STARTING;
  private boolean assigned;
  private int failures;
  private long failingSinceNanos;
  private long batchStartedNanos = -1;
  private Throwable lastFailure;

  SinkProgress(int maxFailures, Duration stuckAfter, LongSupplier nanoClock) {
    this.maxFailures = maxFailures;
    this.stuckAfter = stuckAfter;
    this.nanoClock = nanoClock;
  }

  synchronized void resolving() {
    phase = Phase.RESOLVING;
  }

  synchronized void consuming() {
    phase = Phase.CONSUMING;
  }

  synchronized void assigned(boolean now) {
    assigned = now;
  }

  synchronized void batchStarted() {
    batchStartedNanos = nanoClock.getAsLong();
  }

  synchronized void batchSucceeded() {
    batchStartedNanos = -1;
    failures = 0;
  }

  /** A batch (or the rewind after one) failed; the sink will retry. */
  synchronized void batchFailed(Throwable cause) {
    batchStartedNanos = -1;
    if (failures == 0) {
      failingSinceNanos = nanoClock.getAsLong();
    }
    failures++;
    lastFailure = cause;
  }

  /** A failure while resolving the epochs, shown in the detail. */
  synchronized void resolveFailed(Throwable cause) {
    lastFailure = cause;
  }

  /** The status, given whether the sink thread runs and why it stopped if not. */
  synchronized SinkStatus status(boolean threadAlive, Throwable stoppedBy) {
    if (!threadAlive) {
      return new SinkStatus(false, "sink thread stopped: " + stoppedBy);
    }
    long now = nanoClock.getAsLong();
    return switch (phase) {
      case STARTING -> new SinkStatus(false, "starting");
      case RESOLVING ->
          new SinkStatus(
              false,
              "resolving topic epochs"
                  + (lastFailure == null ? "" : ", last failure: " + lastFailure));
      case CONSUMING -> consuming(now);
    };
  }

  private SinkStatus consuming(long now) {
    if (!assigned) {
      return new SinkStatus(false, "consumer waiting for its assignment");
    }
    if (failures >= maxFailures) {
      return new SinkStatus(
          false,
          failures
              + " batches failed in a row, for "
              + Duration.ofNanos(now - failingSinceNanos).toSeconds()
              + " s, retrying; last failure: "
              + lastFailure);
    }
    if (batchStartedNanos >= 0 && now - batchStartedNanos > stuckAfter.toNanos()) {
      return new SinkStatus(
          false,
          "a batch has been writing for "
              + Duration.ofNanos(now - batchStartedNanos).toSeconds()
              + " s");
    }
    return new SinkStatus(
        true, failures == 0 ? "consumer assigned" : "consumer assigned, retrying a failed batch");
  }
}

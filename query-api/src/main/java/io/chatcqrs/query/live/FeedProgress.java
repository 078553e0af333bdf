package io.chatcqrs.query.live;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether a feed's thread makes progress: it has started (its partitions are assigned), has not
 * stopped on an error, and completed a poll-and-hand-over round within the stall limit. A round
 * completes only when the Vert.x context took the previous batches, so a stuck event loop shows as
 * a stall too. Thread-safe: written by the feed's thread, read by health checks and gauges.
 */
public final class FeedProgress {
  private final LongSupplier nanoTime;
  private volatile boolean started;
  private volatile long lastRound;
  private volatile String failure;

  /** Progress measured with {@link System#nanoTime()}. */
  public FeedProgress() {
    this(System::nanoTime);
  }

  /** Progress measured with {@code nanoTime} (tests pass a fake clock). */
  public FeedProgress(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The feed's partitions are assigned; it is reading. */
  public void started() {
    lastRound = nanoTime.getAsLong();
    started = true;
  }

  /** One round (poll and hand-over) completed. */
  public void round() {
    lastRound = nanoTime.getAsLong();
  }

  /** The feed stopped for good because of {@code cause}. */
  public void failed(Throwable cause) {
    failure = cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Time since the last completed round (or the start); zero before the start. */
  public Duration sinceLastRound() {
    return started ? Duration.ofNanos(nanoTime.getAsLong() - lastRound) : Duration.ZERO;
  }

  /** Why the feed does not make progress within {@code stallAfter}, or null when it does. */
  public String problem(Duration stallAfter) {
    String failed = failure;
    if (failed != null) {
      return "feed stopped: " + failed;
    }
    if (!started) {
      return "feed not started";
    }
    Duration since = sinceLastRound();
    if (since.compareTo(stallAfter) > 0) {
      return "feed made no progress for " + since.toMillis() + " ms";
    }
    return null;
  }
}

package io.chatcqrs.projection.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * How a failed stream thread is answered: replaced, unless more than {@code max} threads failed
 * within {@code window}, in which case the client shuts down (state ERROR, readiness DOWN) rather
 * than replace threads in a hot loop on a failure that replacing cannot fix, such as a repartition
 * topic whose partition count no longer matches its source.
 */
final class ReplacementBudget {
  private final int max;
  private final Duration window;
  private final LongSupplier nanoClock;
  private final Deque<Long> failures = new ArrayDeque<>();

  ReplacementBudget(int max, Duration window, LongSupplier nanoClock) {
    this.max = max;
    this.window = window;
    this.nanoClock = nanoClock;
  }

  /** The answer to one more failed thread. */
  synchronized StreamThreadExceptionResponse onFailure() {
    long now = nanoClock.getAsLong();
    failures.addLast(now);
    while (now - failures.peekFirst() > window.toNanos()) {
      failures.removeFirst();
    }
    return failures.size() > max
        ? StreamThreadExceptionResponse.SHUTDOWN_CLIENT
        : StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}

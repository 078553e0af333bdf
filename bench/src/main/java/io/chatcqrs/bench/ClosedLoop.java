package io.chatcqrs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives an asynchronous operation with a fixed number of operations in flight (a closed loop) for
 * a fixed time, after a warm-up, recording each successful operation's latency. A progress line is
 * printed every second.
 */
public final class ClosedLoop {
  private final Vertx vertx;
  private final Duration warmUp;
  private final Duration duration;

  /** A loop that warms up for {@code warmUp} and then measures for {@code duration}. */
  public ClosedLoop(Vertx vertx, Duration warmUp, Duration duration) {
    this.vertx = vertx;
    this.warmUp = warmUp;
    this.duration = duration;
  }

  /**
   * Runs {@code operation} (given a sequence number, completing when done) with {@code concurrency}
   * in flight.
   */
  public LoadResult run(String label, int concurrency, IntFunction<Future<?>> operation)
      throws Exception {
    phase(label, concurrency, operation, warmUp, null);
    Recorder recorder = new Recorder(3);
    long[] counts = phase(label, concurrency, operation, duration, recorder);
    Histogram histogram = recorder.getIntervalHistogram();
    return new LoadResult(
        label, concurrency, counts[0], counts[1], duration.toMillis() / 1000.0, histogram);
  }

  private long[] phase(
      String label,
      int concurrency,
      IntFunction<Future<?>> operation,
      Duration length,
      Recorder recorder)
      throws Exception {
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong sequence = new AtomicLong();
    long deadline = System.nanoTime() + length.toNanos();
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicLong running = new AtomicLong(concurrency);
    for (int i = 0; i < concurrency; i++) {
      loop(operation, sequence, deadline, recorder, ok, failed, running, done);
    }
    String phaseName = recorder == null ? "warm-up" : "measure";
    long start = System.nanoTime();
    while (!done.isDone()) {
      try {
        done.get(1, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "\r  %-28s c=%-4d %-7s %5.0fs  %8.0f ops/s  failed %d   ",
            label, concurrency, phaseName, elapsed, ok.get() / elapsed, failed.get());
      }
    }
    System.out.println();
    return new long[] {ok.get(), failed.get()};
  }

  private void loop(
      IntFunction<Future<?>> operation,
      AtomicLong sequence,
      long deadline,
      Recorder recorder,
      AtomicLong ok,
      AtomicLong failed,
      AtomicLong running,
      CompletableFuture<Void> done) {
    if (System.nanoTime() >= deadline) {
      if (running.decrementAndGet() == 0) {
        done.complete(null);
      }
      return;
    }
    long started = System.nanoTime();
    Future<?> future;
    try {
      future = operation.apply((int) sequence.getAndIncrement());
    } catch (RuntimeException e) {
      future = Future.failedFuture(e);
    }
    future.onComplete(
        result -> {
          if (result.succeeded()) {
            ok.incrementAndGet();
            if (recorder != null) {
              recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
            }
            loop(operation, sequence, deadline, recorder, ok, failed, running, done);
          } else {
            failed.incrementAndGet();
            // a failure may complete synchronously: go round the event loop to bound the stack
            vertx.runOnContext(
                v -> loop(operation, sequence, deadline, recorder, ok, failed, running, done));
          }
        });
  }
}

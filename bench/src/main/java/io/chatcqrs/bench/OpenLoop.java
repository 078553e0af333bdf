package io.chatcqrs.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Fires an operation at a fixed rate, whatever the answers' latency (an open loop), and records
 * each latency from the moment the operation was due, so that a stall is not hidden (coordinated
 * omission).
 */
final class OpenLoop {
  private final Vertx vertx;

  OpenLoop(Vertx vertx) {
    this.vertx = vertx;
  }

  LoadResult run(
      String label, int ratePerSecond, Duration duration, IntFunction<Future<?>> operation)
      throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong issued = new AtomicLong();
    long start = System.nanoTime();
    long total = (long) ratePerSecond * duration.toSeconds();
    double intervalNanos = 1e9 / ratePerSecond;
    CompletableFuture<Void> done = new CompletableFuture<>();
    long timer =
        vertx.setPeriodic(
            1,
            id -> {
              long now = System.nanoTime();
              while (issued.get() < total && start + issued.get() * intervalNanos <= now) {
                long due = start + (long) (issued.get() * intervalNanos);
                int i = (int) issued.getAndIncrement();
                operation
                    .apply(i)
                    .onComplete(
                        result -> {
                          if (result.succeeded()) {
                            ok.incrementAndGet();
                            recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                          } else {
                            failed.incrementAndGet();
                          }
                          if (ok.get() + failed.get() == total) {
                            done.complete(null);
                          }
                        });
              }
            });
    try {
      done.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
    } finally {
      vertx.cancelTimer(timer);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "  %-28s %6d/s  done: ok %d failed %d%n", label, ratePerSecond, ok.get(), failed.get());
    return new LoadResult(
        label, ratePerSecond, ok.get(), failed.get(), seconds, recorder.getIntervalHistogram());
  }
}

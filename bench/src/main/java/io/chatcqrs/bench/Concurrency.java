package io.chatcqrs.bench;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** Runs {@code n} asynchronous tasks with at most {@code parallelism} in flight, and waits. */
final class Concurrency {
  private Concurrency() {}

  static void forEach(int n, int parallelism, IntFunction<Future<?>> task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (n == 0) {
      return;
    }
    for (int lane = 0; lane < Math.min(parallelism, n); lane++) {
      step(n, task, next, finished, failure, done);
    }
    done.get(10, TimeUnit.MINUTES);
    if (failure.get() != null) {
      throw new IllegalStateException("setup failed: " + failure.get().getMessage(), failure.get());
    }
  }

  private static void step(
      int n,
      IntFunction<Future<?>> task,
      AtomicInteger next,
      AtomicInteger finished,
      AtomicReference<Throwable> failure,
      CompletableFuture<Void> done) {
    int i = next.getAndIncrement();
    if (i >= n) {
      return;
    }
    task.apply(i)
        .onComplete(
            result -> {
              if (result.failed()) {
                failure.compareAndSet(null, result.cause());
              }
              if (finished.incrementAndGet() == n) {
                done.complete(null);
              } else {
                step(n, task, next, finished, failure, done);
              }
            });
  }
}

package io.chatcqrs.platform.async;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Bridges Java {@link CompletionStage}s (the Cassandra driver's and Kafka's async APIs) into Vert.x
 * futures without blocking: the future completes on the Vert.x context that called, so callbacks
 * composed on it run on that event loop, as verticle code expects.
 */
public final class Futures {
  private Futures() {}

  /**
   * A future completed with the stage's outcome, on the calling Vert.x context if there is one. A
   * {@link CompletionException} is unwrapped to its cause.
   */
  public static <T> Future<T> from(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    Future<T> future =
        context == null
            ? Future.fromCompletionStage(stage)
            : Future.fromCompletionStage(stage, context);
    return future.recover(
        failure ->
            Future.failedFuture(
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure));
  }
}

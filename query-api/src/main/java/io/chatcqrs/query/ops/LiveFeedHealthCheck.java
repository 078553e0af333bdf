package io.chatcqrs.query.ops;

import io.chatcqrs.platform.health.HealthCheck;
import io.chatcqrs.query.live.SseHub;
import io.vertx.core.Future;

/** Critical: the user-events feed has started, so SSE connections can be served. */
public final class LiveFeedHealthCheck implements HealthCheck {
  private final SseHub hub;

  /** A check of {@code hub}'s feed. */
  public LiveFeedHealthCheck(SseHub hub) {
    this.hub = hub;
  }

  @Override
  public String name() {
    return "live-feed";
  }

  @Override
  public Future<Void> check() {
    return hub.ready() ? Future.succeededFuture() : Future.failedFuture("feed not started");
  }
}

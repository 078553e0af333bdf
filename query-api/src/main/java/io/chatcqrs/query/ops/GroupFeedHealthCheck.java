package io.chatcqrs.query.ops;

import io.chatcqrs.platform.health.HealthCheck;
import io.chatcqrs.query.live.FeedProgress;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Critical: the group-events feed (live events of large groups) started and makes progress: it did
 * not stop on an error and completed a round within {@code stallAfter} ({@code
 * sse.group-feed-stall-ms}). Without it connected members of large groups would silently miss
 * messages, so the instance is not ready.
 */
public final class GroupFeedHealthCheck implements HealthCheck {
  private final FeedProgress progress;
  private final Duration stallAfter;

  /** A check of the feed reporting to {@code progress}. */
  public GroupFeedHealthCheck(FeedProgress progress, Duration stallAfter) {
    this.progress = progress;
    this.stallAfter = stallAfter;
  }

  @Override
  public String name() {
    return "group-feed";
  }

  @Override
  public Future<Void> check() {
    String problem = progress.problem(stallAfter);
    return problem == null ? Future.succeededFuture() : Future.failedFuture(problem);
  }
}

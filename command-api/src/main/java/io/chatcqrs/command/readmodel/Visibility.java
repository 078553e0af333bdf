package io.chatcqrs.command.readmodel;

import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.platform.position.Position;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Waits until an appended event is visible to every command-api instance's pre-checks: until the
 * projection's {@code projection_positions} row ({@value #PROJECTION}) for the event's partition of
 * {@code chat.events.v1} has reached its offset. The sink advances that row only after every read
 * model write of the events up to it succeeded, so from then on the {@code chats} and {@code
 * members_by_chat} rows the event produced are there for any instance to read. Polls every {@code
 * pollEvery}, at most {@code maxWait}; then fails with 503 and {@code Retry-After}.
 */
public final class Visibility {
  /** The projection row that tracks chat.events.v1 partitions. */
  public static final String PROJECTION = ProjectionNames.CHAT_EVENTS;

  private final Vertx vertx;
  private final ReadModel readModel;
  private final Duration maxWait;
  private final Duration pollEvery;

  /**
   * @param maxWait how long a command waits for its event to become visible
   * @param pollEvery how often the position row is read meanwhile
   */
  public Visibility(Vertx vertx, ReadModel readModel, Duration maxWait, Duration pollEvery) {
    this.vertx = vertx;
    this.readModel = readModel;
    this.maxWait = maxWait;
    this.pollEvery = pollEvery;
  }

  /**
   * Completes once the event at {@code position} is applied to the read model; fails with {@link
   * ProblemException.ServiceUnavailable} when it is not within the bound, or by {@code
   * deadlineNanos} (a {@link System#nanoTime()} value: the request's own answer deadline) if that
   * comes first.
   */
  public Future<Void> awaitApplied(Position position, long deadlineNanos) {
    Promise<Void> done = Promise.promise();
    long bound = System.nanoTime() + maxWait.toNanos();
    poll(position, bound - deadlineNanos < 0 ? bound : deadlineNanos, done);
    return done.future();
  }

  private void poll(Position position, long deadline, Promise<Void> done) {
    readModel
        .appliedOffset(PROJECTION, position.partition())
        .onComplete(
            applied -> {
              if (applied.succeeded()
                  && applied.result().found().map(at -> at >= position.offset()).orElse(false)) {
                done.complete();
              } else if (System.nanoTime() + pollEvery.toNanos() > deadline) {
                done.fail(
                    new ProblemException.ServiceUnavailable(
                        "the change was appended but is not visible yet; retrying is safe",
                        Duration.ofSeconds(1)));
              } else {
                vertx.setTimer(
                    Math.max(1, pollEvery.toMillis()), id -> poll(position, deadline, done));
              }
            });
  }
}

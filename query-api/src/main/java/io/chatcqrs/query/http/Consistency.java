package io.chatcqrs.query.http;

import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.platform.position.Position;
import io.chatcqrs.query.resilience.ProjectionPositions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Read-your-writes. A request that carries {@code X-Chat-Position} (the command side's position
 * token) waits, at most {@code maxWait} in all, until projections {@value #PROJECTION} and {@value
 * #ROOMS_PROJECTION} have applied that offset of that partition of {@code chat.events.v1}; the
 * answer then says {@code X-Chat-Consistent: true}, or {@code false} when the wait ran out or the
 * answer is a stale one from the fallback cache. A token that is not one is 400.
 *
 * <p>Why these two projections cover a whole response: every read endpoint draws only on tables the
 * sink writes either from {@code chat.sequenced.v1} before it advances {@value #PROJECTION} ({@code
 * chats}, {@code members_by_chat}, {@code messages_by_chat}) or from {@code chat.room-updates.v1},
 * the rooms each chat event changed for every member, before it advances {@value #ROOMS_PROJECTION}
 * ({@code rooms_by_user}, {@code room_order_by_user}, {@code large_rooms_by_user}); both carry
 * chat.events.v1 offsets, so one token names a point in both. The room list's {@code total_unread}
 * is computed from those rows, not read from the user stage's {@code user_totals}. A read model
 * written from another stream (the user stage's {@code user_totals}, {@code user_inbox}) is tracked
 * by offsets of that stream, which a position token cannot name, so it must not feed a response
 * that honours a position.
 */
public final class Consistency {
  /** The request header carrying the position token. */
  public static final String POSITION_HEADER = "X-Chat-Position";

  /** The response header saying whether the position was reached. */
  public static final String CONSISTENT_HEADER = "X-Chat-Consistent";

  /** The projection of chat events whose applied offsets the query side waits for. */
  public static final String PROJECTION = ProjectionNames.CHAT_EVENTS;

  /** The projection of every member's rooms, waited for after {@value #PROJECTION}. */
  public static final String ROOMS_PROJECTION = ProjectionNames.CHAT_ROOMS;

  private final ProjectionPositions positions;
  private final Duration maxWait;

  /** Waits through {@code positions}, at most {@code maxWait}. */
  public Consistency(ProjectionPositions positions, Duration maxWait) {
    this.positions = positions;
    this.maxWait = maxWait;
  }

  /**
   * Waits for the request's position, if it has one.
   *
   * @return when to proceed, with the outcome of the wait; failed with 400 for a bad token
   */
  public Future<Wait> await(RoutingContext ctx) {
    String token = ctx.request().getHeader(POSITION_HEADER);
    if (token == null) {
      return Future.succeededFuture(Wait.NONE);
    }
    Position position;
    try {
      position = Position.decode(token.trim());
    } catch (Position.InvalidPositionException e) {
      return Future.failedFuture(
          new ProblemException.BadRequest(POSITION_HEADER + " is not a valid position token"));
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    return positions
        .awaitApplied(PROJECTION, position.partition(), position.offset(), maxWait)
        .compose(
            chatRows -> {
              if (!chatRows) {
                return Future.succeededFuture(false);
              }
              Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
              return positions.awaitApplied(
                  ROOMS_PROJECTION, position.partition(), position.offset(), left);
            })
        .map(reached -> reached ? Wait.REACHED : Wait.TIMED_OUT);
  }

  /** The outcome of waiting for a request's position. */
  public enum Wait {
    /** The request carried no position. */
    NONE,
    /** Every read model the response draws on has applied the position. */
    REACHED,
    /** The wait ran out first. */
    TIMED_OUT;

    /**
     * Sets {@code X-Chat-Consistent} for an answer read after this wait: true only when the
     * position was reached and the answer is fresh (a stale answer was read before, at an unknown
     * position). Nothing without a position.
     */
    public void mark(RoutingContext ctx, boolean stale) {
      header(stale).ifPresent(value -> ctx.response().putHeader(CONSISTENT_HEADER, value));
    }

    /** The value of {@code X-Chat-Consistent} for an answer, empty when there is none. */
    public Optional<String> header(boolean stale) {
      return this == NONE
          ? Optional.empty()
          : Optional.of(Boolean.toString(this == REACHED && !stale));
    }
  }
}

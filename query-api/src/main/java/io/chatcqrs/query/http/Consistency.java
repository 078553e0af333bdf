package io.chatcqrs.query.http;

import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.platform.position.Position;
import io.chatcqrs.query.resilience.ProjectionPositions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Read-your-writes. A request that carries {@code X-Chat-Position} (the command side's position
 * token) waits, at most {@code maxWait}, until projection {@value #PROJECTION} has applied that
 * offset of that partition of {@code chat.events.v1}; the answer then says {@code
 * X-Chat-Consistent: true}, or {@code false} when the wait ran out. A token that is not one is 400.
 */
public final class Consistency {
  /** The request header carrying the position token. */
  public static final String POSITION_HEADER = "X-Chat-Position";

  /** The response header saying whether the position was reached. */
  public static final String CONSISTENT_HEADER = "X-Chat-Consistent";

  /** The projection of chat events whose applied offsets the query side waits for. */
  public static final String PROJECTION = "chat-events";

  private final ProjectionPositions positions;
  private final Duration maxWait;

  /** Waits through {@code positions}, at most {@code maxWait}. */
  public Consistency(ProjectionPositions positions, Duration maxWait) {
    this.positions = positions;
    this.maxWait = maxWait;
  }

  /**
   * Waits for the request's position, if it has one, and sets the response header.
   *
   * @return when to proceed; failed with 400 for a bad token
   */
  public Future<Void> await(RoutingContext ctx) {
    String token = ctx.request().getHeader(POSITION_HEADER);
    if (token == null) {
      return Future.succeededFuture();
    }
    Position position;
    try {
      position = Position.decode(token.trim());
    } catch (Position.InvalidPositionException e) {
      return Future.failedFuture(
          new ProblemException.BadRequest(POSITION_HEADER + " is not a valid position token"));
    }
    return positions
        .awaitApplied(PROJECTION, position.partition(), position.offset(), maxWait)
        .map(
            reached -> {
              ctx.response().putHeader(CONSISTENT_HEADER, Boolean.toString(reached));
              return null;
            });
  }
}

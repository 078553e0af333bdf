package io.chatcqrs.platform.auth;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the authenticated user (the token's {@code sub}) and whether the token carries
 * the {@code chat:service} scope of an internal service. Put into the routing context by {@link
 * JwtAuthenticator}'s handler.
 *
 * @param userId the token's subject
 * @param service whether the token's {@code scope} contains {@code chat:service}
 */
public record Caller(UserId userId, boolean service) {
  /** The routing-context key of the caller. */
  public static final String KEY = "chat.caller";

  /** Checks the fields. */
  public Caller {
    Objects.requireNonNull(userId, "userId");
  }

  /**
   * The authenticated caller of this request.
   *
   * @throws ProblemException.Unauthorized if the request was not authenticated (a wiring error on a
   *     protected route answers 401 rather than leaking data)
   */
  public static Caller of(RoutingContext ctx) {
    return find(ctx)
        .orElseThrow(() -> new ProblemException.Unauthorized("a valid bearer token is required"));
  }

  /** The caller, if the request was authenticated. */
  public static Optional<Caller> find(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  /** Whether the caller may act for {@code user}: the same user or an internal service. */
  public boolean mayActFor(UserId user) {
    return service || userId.equals(user);
  }
}

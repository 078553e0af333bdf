package io.chatcqrs.platform.auth;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request's verified credentials: who is calling and until when the credentials hold (the bearer
 * token's {@code exp}, also carried by a live-stream ticket). Put into the routing context by
 * {@link AuthHandler}, so that something long-lived such as an event stream can end when its
 * credentials do.
 *
 * @param caller the caller
 * @param expiresAt when the token expires; null for a token without {@code exp}
 */
public record Authenticated(Caller caller, Instant expiresAt) {
  /** The routing-context key of the token's expiry. */
  public static final String EXPIRES_AT_KEY = "chat.caller.expires-at";

  /** Checks the fields. */
  public Authenticated {
    Objects.requireNonNull(caller, "caller");
  }

  /** Records this caller (see {@link Caller#of}) and the expiry in {@code ctx}. */
  public void putInto(RoutingContext ctx) {
    ctx.put(Caller.KEY, caller);
    if (expiresAt != null) {
      ctx.put(EXPIRES_AT_KEY, expiresAt);
    }
  }

  /** When the credentials of this request's caller expire; empty without an expiry. */
  public static Optional<Instant> expiresAt(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(EXPIRES_AT_KEY));
  }
}

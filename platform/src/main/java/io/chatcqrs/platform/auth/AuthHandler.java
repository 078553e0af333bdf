package io.chatcqrs.platform.auth;

import io.chatcqrs.platform.http.TrustedProxies;
import io.chatcqrs.platform.ratelimit.RateLimitDecision;
import io.chatcqrs.platform.ratelimit.RateLimitPolicy;
import io.chatcqrs.platform.ratelimit.RateLimiter;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * The route handler that authenticates a request: on success it puts the {@link Caller} (and the
 * token's expiry, see {@link Authenticated}) into the routing context and continues; otherwise it
 * fails the request with 401. Requests that fail authentication are also limited per client IP
 * (policy {@link RateLimitPolicy#AUTH_FAILURES}; the client IP as {@link TrustedProxies} resolves
 * it): their responses carry the RateLimit headers and become 429 once the IP's bucket is empty.
 */
public final class AuthHandler implements AuthenticationHandler {
  private final JwtAuthenticator authenticator;
  private final boolean acceptQueryToken;
  private final RateLimiter failureLimiter;
  private final TrustedProxies proxies;

  /**
   * @param acceptQueryToken whether {@code ?access_token=} is accepted
   * @param failureLimiter limits failed attempts per IP; null for no limit
   * @param proxies the proxies whose forwarded client addresses are believed
   */
  public AuthHandler(
      JwtAuthenticator authenticator,
      boolean acceptQueryToken,
      RateLimiter failureLimiter,
      TrustedProxies proxies) {
    this.authenticator = authenticator;
    this.acceptQueryToken = acceptQueryToken;
    this.failureLimiter = failureLimiter;
    this.proxies = proxies;
  }

  /** As the four-argument constructor, trusting no proxy (the peer's address is the client's). */
  public AuthHandler(
      JwtAuthenticator authenticator, boolean acceptQueryToken, RateLimiter failureLimiter) {
    this(authenticator, acceptQueryToken, failureLimiter, TrustedProxies.none());
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticator
        .verify(JwtAuthenticator.tokenOf(ctx, acceptQueryToken))
        .onSuccess(
            authenticated -> {
              authenticated.putInto(ctx);
              ctx.next();
            })
        .onFailure(failure -> fail(ctx, failure));
  }

  /**
   * Fails {@code ctx} with an authentication failure found elsewhere (e.g. a refused live-stream
   * ticket), counted against the client IP's failure budget like a refused token.
   */
  public void fail(RoutingContext ctx, Throwable failure) {
    ctx.fail(limitedFailure(ctx, failure));
  }

  private Throwable limitedFailure(RoutingContext ctx, Throwable failure) {
    if (failureLimiter == null) {
      return failure;
    }
    RateLimitDecision decision =
        failureLimiter.tryConsume(
            RateLimitPolicy.AUTH_FAILURES, proxies.clientAddress(ctx.request()));
    decision.applyTo(ctx.response());
    return decision.allowed()
        ? failure
        : decision.toProblem("too many requests without a valid token from this address");
  }
}

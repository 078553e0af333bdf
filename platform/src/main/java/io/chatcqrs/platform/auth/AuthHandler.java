package io.chatcqrs.platform.auth;

import io.chatcqrs.platform.ratelimit.RateLimitDecision;
import io.chatcqrs.platform.ratelimit.RateLimitPolicy;
import io.chatcqrs.platform.ratelimit.RateLimiter;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * The route handler that authenticates a request: on success it puts the {@link Caller} into the
 * routing context and continues; otherwise it fails the request with 401. Requests that fail
 * authentication are also limited per client IP (policy {@link RateLimitPolicy#AUTH_FAILURES}):
 * their responses carry the RateLimit headers and become 429 once the IP's bucket is empty.
 */
public final class AuthHandler implements AuthenticationHandler {
  private final JwtAuthenticator authenticator;
  private final boolean acceptQueryToken;
  private final RateLimiter failureLimiter;

  /**
   * @param acceptQueryToken whether {@code ?access_token=} is accepted (SSE only)
   * @param failureLimiter limits failed attempts per IP; null for no limit
   */
  public AuthHandler(
      JwtAuthenticator authenticator, boolean acceptQueryToken, RateLimiter failureLimiter) {
    this.authenticator = authenticator;
    this.acceptQueryToken = acceptQueryToken;
    this.failureLimiter = failureLimiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticator
        .authenticate(JwtAuthenticator.tokenOf(ctx, acceptQueryToken))
        .onSuccess(
            caller -> {
              ctx.put(Caller.KEY, caller);
              ctx.next();
            })
        .onFailure(failure -> ctx.fail(limitedFailure(ctx, failure)));
  }

  private Throwable limitedFailure(RoutingContext ctx, Throwable failure) {
    if (failureLimiter == null) {
      return failure;
    }
    RateLimitDecision decision =
        failureLimiter.tryConsume(RateLimitPolicy.AUTH_FAILURES, clientIp(ctx));
    decision.applyTo(ctx.response());
    return decision.allowed()
        ? failure
        : decision.toProblem("too many requests without a valid token from this address");
  }

  /** The peer's IP address (a proxy in front should be configured to pass the real one on). */
  static String clientIp(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null
        ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
  }
}

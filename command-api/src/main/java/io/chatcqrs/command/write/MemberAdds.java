package io.chatcqrs.command.write;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.ratelimit.RateLimitDecision;
import io.chatcqrs.platform.ratelimit.RateLimitPolicy;
import io.chatcqrs.platform.ratelimit.RateLimiter;
import io.vertx.ext.web.RoutingContext;

/**
 * The per-user limit on adding members, counted in user ids rather than requests (policy {@value
 * RateLimitPolicy#MEMBER_ADDS}, settings {@code ratelimit.member-adds.*}): add-member takes one
 * token per distinct id in the request, a group create one per member other than the caller.
 *
 * <p>A request that draws from it carries this policy's {@code RateLimit-*} headers (they replace
 * the {@code commands} policy's); one that would take more ids than are left is 429 with {@code
 * Retry-After} (the time until that many ids are available) and takes nothing. It runs after
 * request validation and before the pre-checks, so a request refused later (404, 409) has still
 * used its ids.
 */
public final class MemberAdds {
  private final RateLimiter limiter;

  /** Limits through {@code limiter}'s {@value RateLimitPolicy#MEMBER_ADDS} policy. */
  public MemberAdds(RateLimiter limiter) {
    limiter.policy(RateLimitPolicy.MEMBER_ADDS);
    this.limiter = limiter;
  }

  /**
   * Takes {@code ids} tokens from {@code caller}'s bucket and sets the headers on the response;
   * throws the 429 when they are not there. Nothing to take (0 ids) takes nothing.
   */
  public void take(RoutingContext ctx, UserId caller, int ids) {
    if (ids < 1) {
      return;
    }
    RateLimitDecision decision =
        limiter.tryConsume(RateLimitPolicy.MEMBER_ADDS, caller.value(), ids);
    decision.applyTo(ctx.response());
    if (!decision.allowed()) {
      throw decision.toProblem(
          "too many members added: "
              + ids
              + " user ids asked, "
              + Math.max(0, decision.remaining())
              + " of "
              + decision.limit()
              + " left for now");
    }
  }
}

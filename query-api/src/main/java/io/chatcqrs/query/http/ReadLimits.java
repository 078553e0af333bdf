package io.chatcqrs.query.http;

import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.http.TrustedProxies;
import io.chatcqrs.platform.ratelimit.RateLimitDecision;
import io.chatcqrs.platform.ratelimit.RateLimitPolicy;
import io.chatcqrs.platform.ratelimit.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The query side's rate limits: separate budgets for room lists, history (and chat details) and SSE
 * connects, each enforced per user and, with a larger budget, per client IP; plus the platform's
 * per-IP budget for requests that fail authentication. A request takes a token from both its user's
 * and its IP's bucket; the response carries the RateLimit headers of the tighter one, and 429 with
 * {@code Retry-After} when either is empty. The client IP is the peer's address unless the peer is
 * one of {@code http.trusted-proxies} (see {@link TrustedProxies}).
 *
 * <p>Every budget is configurable as {@code ratelimit.<name>.capacity}, {@code .refill-tokens} and
 * {@code .refill-period-ms}.
 */
public final class ReadLimits {
  /** Room lists ({@code /v1/me/rooms}, {@code /v1/users/{id}/rooms}). */
  public static final String ROOMS = "rooms";

  /** History and chat details. */
  public static final String HISTORY = "history";

  /** SSE connects. */
  public static final String SSE = RateLimitPolicy.SSE_CONNECTS;

  /** Live-stream tickets ({@code POST /v1/me/events/tickets}); by default as many as connects. */
  public static final String TICKETS = "sse-tickets";

  private static final String PER_IP = "-ip";

  private final RateLimiter limiter;
  private final TrustedProxies proxies;

  private ReadLimits(RateLimiter limiter, TrustedProxies proxies) {
    this.limiter = limiter;
    this.proxies = proxies;
  }

  /** The limits with the contract's defaults and overrides from {@code config}. */
  public static ReadLimits fromConfig(ServiceConfig config) {
    Map<String, RateLimitPolicy> defaults = RateLimitPolicy.contractDefaults();
    RateLimitPolicy reads = defaults.get(RateLimitPolicy.READS);
    RateLimitPolicy sse = defaults.get(RateLimitPolicy.SSE_CONNECTS);
    Map<String, RateLimitPolicy> policies = new HashMap<>();
    put(
        policies,
        new RateLimitPolicy(ROOMS, reads.capacity(), reads.refillTokens(), reads.refillPeriod()));
    put(
        policies,
        new RateLimitPolicy(HISTORY, reads.capacity(), reads.refillTokens(), reads.refillPeriod()));
    put(policies, sse);
    put(
        policies,
        new RateLimitPolicy(TICKETS, sse.capacity(), sse.refillTokens(), sse.refillPeriod()));
    put(policies, new RateLimitPolicy(ROOMS + PER_IP, 2000, 1000, Duration.ofSeconds(1)));
    put(policies, new RateLimitPolicy(HISTORY + PER_IP, 2000, 1000, Duration.ofSeconds(1)));
    put(policies, new RateLimitPolicy(SSE + PER_IP, 300, 300, Duration.ofMinutes(1)));
    put(policies, new RateLimitPolicy(TICKETS + PER_IP, 300, 300, Duration.ofMinutes(1)));
    put(policies, defaults.get(RateLimitPolicy.AUTH_FAILURES));
    Map<String, RateLimitPolicy> configured = new HashMap<>();
    policies.forEach((name, policy) -> configured.put(name, policy.configuredBy(config)));
    return new ReadLimits(
        new RateLimiter(
            config.bool("ratelimit.enabled", true),
            configured,
            config.number("ratelimit.max-keys", 100_000)),
        TrustedProxies.fromConfig(config));
  }

  private static void put(Map<String, RateLimitPolicy> policies, RateLimitPolicy policy) {
    policies.put(policy.name(), policy);
  }

  /** The proxies whose forwarded client addresses the per-IP budgets believe. */
  public TrustedProxies proxies() {
    return proxies;
  }

  /** The underlying limiter (also used for authentication failures). */
  public RateLimiter limiter() {
    return limiter;
  }

  /** A handler (after authentication) taking one token of {@code budget} per user and per IP. */
  public Handler<RoutingContext> handler(String budget) {
    limiter.policy(budget);
    limiter.policy(budget + PER_IP);
    return ctx -> {
      RateLimitDecision user = limiter.tryConsume(budget, Caller.of(ctx).userId().value());
      RateLimitDecision ip =
          limiter.tryConsume(budget + PER_IP, proxies.clientAddress(ctx.request()));
      RateLimitDecision refused = !user.allowed() ? user : !ip.allowed() ? ip : null;
      RateLimitDecision shown =
          refused != null ? refused : user.remaining() <= ip.remaining() ? user : ip;
      shown.applyTo(ctx.response());
      if (refused == null) {
        ctx.next();
      } else {
        ctx.fail(refused.toProblem("too many " + budget + " requests"));
      }
    };
  }
}

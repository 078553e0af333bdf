package io.chatcqrs.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.http.ProblemException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Token-bucket rate limiting (bucket4j) per named {@link RateLimitPolicy} and key (a user id or a
 * client IP). Buckets live in one bounded Caffeine cache per policy and are dropped after being
 * unused for as long as they take to refill completely, so forgetting one loses nothing. In-memory
 * and per instance: behind a load balancer each instance enforces the limit on its own share.
 *
 * <p>Thread-safe. Disabled entirely with {@code ratelimit.enabled=false}.
 */
public final class RateLimiter {
  private final boolean enabled;
  private final Map<String, RateLimitPolicy> policies;
  private final Map<String, Cache<String, Bucket>> buckets = new HashMap<>();
  private volatile Consumer<String> limitedListener = name -> {};

  /**
   * A limiter with the given policies.
   *
   * @param maxKeysPerPolicy how many keys (users, IPs) each policy remembers at most
   */
  public RateLimiter(
      boolean enabled, Map<String, RateLimitPolicy> policies, long maxKeysPerPolicy) {
    this.enabled = enabled;
    this.policies = Map.copyOf(policies);
    policies.forEach(
        (name, policy) ->
            buckets.put(
                name,
                Caffeine.newBuilder()
                    .maximumSize(maxKeysPerPolicy)
                    .expireAfterAccess(policy.timeToFull().plusSeconds(1))
                    .build()));
  }

  /**
   * The contract's default policies with overrides from {@code ratelimit.*} settings ({@code
   * ratelimit.enabled}, {@code ratelimit.max-keys}, {@code ratelimit.<policy>.*}).
   */
  public static RateLimiter fromConfig(ServiceConfig config) {
    Map<String, RateLimitPolicy> configured = new HashMap<>();
    RateLimitPolicy.contractDefaults()
        .forEach((name, policy) -> configured.put(name, policy.configuredBy(config)));
    return new RateLimiter(
        config.bool("ratelimit.enabled", true),
        configured,
        config.number("ratelimit.max-keys", 100_000));
  }

  /** Registers a listener told the policy name of every refused request (for metrics). */
  public RateLimiter onLimited(Consumer<String> listener) {
    this.limitedListener = listener;
    return this;
  }

  /** The policy of that name; throws IllegalArgumentException for an unknown name. */
  public RateLimitPolicy policy(String name) {
    RateLimitPolicy policy = policies.get(name);
    if (policy == null) {
      throw new IllegalArgumentException("unknown rate-limit policy: " + name);
    }
    return policy;
  }

  /** Takes one token from {@code key}'s bucket of the named policy. */
  public RateLimitDecision tryConsume(String policyName, String key) {
    return tryConsume(policyName, key, 1);
  }

  /**
   * Takes {@code tokens} tokens (at least 1) from {@code key}'s bucket of the named policy, all or
   * none: a refused request takes nothing, and its {@code Retry-After} is the time until that many
   * tokens are there.
   */
  public RateLimitDecision tryConsume(String policyName, String key, long tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens must be at least 1, got " + tokens);
    }
    RateLimitPolicy policy = policy(policyName);
    if (!enabled) {
      return new RateLimitDecision(true, policy.capacity(), policy.capacity(), 0, 0);
    }
    Bucket bucket = buckets.get(policyName).get(key, k -> newBucket(policy));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
    RateLimitDecision decision =
        new RateLimitDecision(
            probe.isConsumed(),
            policy.capacity(),
            probe.getRemainingTokens(),
            probe.getNanosToWaitForReset(),
            probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill());
    if (!decision.allowed()) {
      limitedListener.accept(policyName);
    }
    return decision;
  }

  /**
   * A route handler limiting the authenticated caller (run it after authentication) with the policy
   * {@code policyOf} picks for the request. It sets the RateLimit headers on the response and fails
   * with 429 ({@link ProblemException.TooManyRequests}) when the bucket is empty.
   */
  public Handler<RoutingContext> perCaller(Function<RoutingContext, String> policyOf) {
    return ctx -> {
      String policy = policyOf.apply(ctx);
      if (policy == null) {
        ctx.next();
        return;
      }
      RateLimitDecision decision = tryConsume(policy, Caller.of(ctx).userId().value());
      decision.applyTo(ctx.response());
      if (decision.allowed()) {
        ctx.next();
      } else {
        ctx.fail(decision.toProblem("too many requests for " + policy));
      }
    };
  }

  /** A route handler limiting every caller with one fixed policy. */
  public Handler<RoutingContext> perCaller(String policy) {
    policy(policy);
    return perCaller(ctx -> policy);
  }

  private static Bucket newBucket(RateLimitPolicy policy) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(policy.capacity())
                .refillGreedy(policy.refillTokens(), policy.refillPeriod())
                .build())
        .build();
  }

  /** Whether limits are enforced at all. */
  public boolean enabled() {
    return enabled;
  }

  /** All configured policies. */
  public Map<String, RateLimitPolicy> policies() {
    return policies;
  }

  /** For headers: whole seconds of a nanosecond wait, rounded up. */
  static long seconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }

  /** For {@link RateLimitDecision#toProblem}. */
  static Duration nanos(long nanos) {
    return Duration.ofNanos(nanos);
  }
}

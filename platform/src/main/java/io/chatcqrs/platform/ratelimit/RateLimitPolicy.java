package io.chatcqrs.platform.ratelimit;

import io.chatcqrs.platform.config.ServiceConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named token-bucket policy: a bucket of {@code capacity} tokens (the burst), refilled greedily
 * with {@code refillTokens} per {@code refillPeriod}. Configurable per name through {@code
 * ratelimit.<name>.capacity}, {@code ratelimit.<name>.refill-tokens} and {@code
 * ratelimit.<name>.refill-period-ms}.
 *
 * @param name the policy's name, also its config key and metric tag
 * @param capacity the burst size and the {@code RateLimit-Limit} value
 * @param refillTokens tokens added per period
 * @param refillPeriod the refill period
 */
public record RateLimitPolicy(
    String name, long capacity, long refillTokens, Duration refillPeriod) {
  /** Sending messages: 20 per 10 s per user (a burst of 20, refilled at 2/s). */
  public static final String MESSAGES = "messages";

  /** Every other command: 10/s per user. */
  public static final String COMMANDS = "commands";

  /**
   * Members added (add-member and group creation), counted in user ids, not requests: 5,000 per
   * minute per user (a burst of 5,000, refilled at about 83/s).
   */
  public static final String MEMBER_ADDS = "member-adds";

  /** Reads: 100/s per user with a burst of 200. */
  public static final String READS = "reads";

  /** SSE connects: 10 per minute per user. */
  public static final String SSE_CONNECTS = "sse-connects";

  /** Requests that fail authentication: 20/s per client IP. */
  public static final String AUTH_FAILURES = "auth-failures";

  /** Checks the fields. */
  public RateLimitPolicy {
    Objects.requireNonNull(name, "name");
    if (capacity < 1 || refillTokens < 1 || refillPeriod.isZero() || refillPeriod.isNegative()) {
      throw new IllegalArgumentException("rate-limit policy " + name + " must be positive");
    }
  }

  /** The time an empty bucket takes to become full again. */
  public Duration timeToFull() {
    return refillPeriod.multipliedBy(capacity).dividedBy(refillTokens);
  }

  /** The API contract's default policies, by name. */
  public static Map<String, RateLimitPolicy> contractDefaults() {
    Map<String, RateLimitPolicy> defaults = new LinkedHashMap<>();
    defaults.put(MESSAGES, new RateLimitPolicy(MESSAGES, 20, 20, Duration.ofSeconds(10)));
    defaults.put(COMMANDS, new RateLimitPolicy(COMMANDS, 10, 10, Duration.ofSeconds(1)));
    defaults.put(MEMBER_ADDS, new RateLimitPolicy(MEMBER_ADDS, 5000, 5000, Duration.ofMinutes(1)));
    defaults.put(READS, new RateLimitPolicy(READS, 200, 100, Duration.ofSeconds(1)));
    defaults.put(SSE_CONNECTS, new RateLimitPolicy(SSE_CONNECTS, 10, 10, Duration.ofMinutes(1)));
    defaults.put(AUTH_FAILURES, new RateLimitPolicy(AUTH_FAILURES, 20, 20, Duration.ofSeconds(1)));
    return Map.copyOf(defaults);
  }

  /** This policy with any overrides from {@code config} applied. */
  public RateLimitPolicy configuredBy(ServiceConfig config) {
    String prefix = "ratelimit." + name + ".";
    return new RateLimitPolicy(
        name,
        config.number(prefix + "capacity", capacity),
        config.number(prefix + "refill-tokens", refillTokens),
        config.millis(prefix + "refill-period-ms", refillPeriod));
  }
}

package io.chatcqrs.platform.ratelimit;

import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * The outcome of taking a token: whether the request may proceed and the values of the {@code
 * RateLimit-*} headers.
 *
 * @param allowed whether a token was taken
 * @param limit the bucket's capacity ({@code RateLimit-Limit})
 * @param remaining tokens left ({@code RateLimit-Remaining})
 * @param nanosToFull time until the bucket is full again ({@code RateLimit-Reset}, in seconds)
 * @param nanosToRetry when refused, time until a token is available ({@code Retry-After})
 */
public record RateLimitDecision(
    boolean allowed, long limit, long remaining, long nanosToFull, long nanosToRetry) {
  /** The header carrying the capacity. */
  public static final String LIMIT = "RateLimit-Limit";

  /** The header carrying the tokens left. */
  public static final String REMAINING = "RateLimit-Remaining";

  /** The header carrying the seconds until the bucket is full. */
  public static final String RESET = "RateLimit-Reset";

  /** The three RateLimit headers and their values. */
  public Map<String, String> headers() {
    return Map.of(
        LIMIT, Long.toString(limit),
        REMAINING, Long.toString(Math.max(0, remaining)),
        RESET, Long.toString(RateLimiter.seconds(nanosToFull)));
  }

  /** Sets the three RateLimit headers on {@code response}. */
  public void applyTo(HttpServerResponse response) {
    headers().forEach(response::putHeader);
  }

  /** The 429 for a refused request: RateLimit headers plus {@code Retry-After}. */
  public ProblemException.TooManyRequests toProblem(String detail) {
    return new ProblemException.TooManyRequests(detail, RateLimiter.nanos(nanosToRetry), headers());
  }
}

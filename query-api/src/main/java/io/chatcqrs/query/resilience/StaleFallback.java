package io.chatcqrs.query.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatcqrs.platform.http.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Answers a read from Cassandra when it can, and from the last good answer when it cannot.
 *
 * <p>Every fresh answer is remembered under its key (the endpoint, the caller and the request's
 * parameters) in a Caffeine cache bounded by total size in characters. When the fresh read fails
 * (timeout, open breaker, driver error) or does not finish within the deadline, the remembered
 * answer is served with {@code "stale": true}; with nothing remembered the read fails with 503 and
 * {@code Retry-After}. Client errors (400, 404 ...) are passed through, never masked.
 */
public final class StaleFallback {
  private final Cache<String, String> lastGood;
  private final Duration deadline;
  private final Duration retryAfter;
  private final Counter hits;
  private final Counter misses;
  private final Counter staleServed;
  private final Counter unavailable;

  /**
   * @param maxChars bound on the total size of remembered answers, in characters
   * @param keepFor how long an answer may be served stale after it was fresh
   * @param deadline the longest a fresh read may take before the fallback answers
   * @param retryAfter the {@code Retry-After} advice of a 503
   */
  public StaleFallback(
      long maxChars,
      Duration keepFor,
      Duration deadline,
      Duration retryAfter,
      MeterRegistry meters) {
    this.lastGood =
        Caffeine.newBuilder()
            .maximumWeight(maxChars)
            .weigher((String key, String value) -> key.length() + value.length())
            .expireAfterWrite(keepFor)
            .build();
    this.deadline = deadline;
    this.retryAfter = retryAfter;
    this.hits = meters.counter("chat_query_fallback_cache", "result", "hit");
    this.misses = meters.counter("chat_query_fallback_cache", "result", "miss");
    this.staleServed = meters.counter("chat_query_stale_responses");
    this.unavailable = meters.counter("chat_query_unavailable_responses");
  }

  /**
   * Reads fresh, falling back to the last good answer for {@code key}.
   *
   * @return the answer and whether it is stale
   */
  public Future<Answer> read(String key, Supplier<Future<JsonObject>> fresh) {
    Future<JsonObject> attempt;
    try {
      attempt = fresh.get();
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    return attempt
        .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .map(
            body -> {
              lastGood.put(key, body.encode());
              return new Answer(body, false);
            })
        .recover(
            failure -> {
              if (failure instanceof ProblemException problem && problem.problem().status() < 500) {
                return Future.failedFuture(failure);
              }
              String remembered = lastGood.getIfPresent(key);
              if (remembered == null) {
                misses.increment();
                unavailable.increment();
                return Future.failedFuture(
                    new ProblemException.ServiceUnavailable(
                        "the read store did not answer in time", retryAfter));
              }
              hits.increment();
              staleServed.increment();
              return Future.succeededFuture(
                  new Answer(new JsonObject(remembered).put("stale", true), true));
            });
  }

  /**
   * A read's answer.
   *
   * @param body the response body
   * @param stale whether it is a remembered answer served because the store did not answer
   */
  public record Answer(JsonObject body, boolean stale) {}
}

package io.chatcqrs.platform.http;

import java.time.Duration;
import java.util.Map;

/**
 * An expected failure of a request that maps to one problem response. Throw it (or pass it to
 * {@code RoutingContext.fail}) anywhere in a handler chain; {@link Problems#failureHandler()} turns
 * it into the response. Subclasses name the statuses the API contract uses; none is logged as an
 * error, since each is the client's problem or a known, temporary condition.
 */
public class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final transient Map<String, String> headers;

  /** A problem with extra response headers (e.g. {@code Retry-After}). */
  public ProblemException(Problem problem, Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  /** A problem without extra headers. */
  public ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  /** The problem to send. */
  public Problem problem() {
    return problem;
  }

  /** Extra headers for the response. */
  public Map<String, String> headers() {
    return headers;
  }

  /** 400: malformed JSON, or a body, path or query that breaks the contract. */
  public static final class BadRequest extends ProblemException {
    /** With what was wrong. */
    public BadRequest(String detail) {
      super(Problem.of("bad-request", "Bad request", 400, detail));
    }
  }

  /** 401: missing, malformed, unsigned, wrongly signed or expired token. */
  public static final class Unauthorized extends ProblemException {
    /** With why the token was refused; answered with {@code WWW-Authenticate: Bearer}. */
    public Unauthorized(String detail) {
      super(
          Problem.of("unauthorized", "Unauthorized", 401, detail),
          Map.of("WWW-Authenticate", "Bearer realm=\"chat\""));
    }
  }

  /** 403: the caller may know the resource but not do this. */
  public static final class Forbidden extends ProblemException {
    /** With what is not allowed. */
    public Forbidden(String detail) {
      super(Problem.of("forbidden", "Forbidden", 403, detail));
    }
  }

  /** 404: unknown resource, or one the caller must not learn exists. */
  public static final class NotFound extends ProblemException {
    /** With what was not found. */
    public NotFound(String detail) {
      super(Problem.of("not-found", "Not found", 404, detail));
    }
  }

  /** 405: the path exists, the method does not. */
  public static final class MethodNotAllowed extends ProblemException {
    /** With the method that is not allowed. */
    public MethodNotAllowed(String detail) {
      super(Problem.of("method-not-allowed", "Method not allowed", 405, detail));
    }
  }

  /** 409: the request conflicts with the resource's state (e.g. editing a deleted message). */
  public static final class Conflict extends ProblemException {
    /** With the conflict. */
    public Conflict(String detail) {
      super(Problem.of("conflict", "Conflict", 409, detail));
    }
  }

  /** 413: the body is larger than the service accepts. */
  public static final class PayloadTooLarge extends ProblemException {
    /** With the limit. */
    public PayloadTooLarge(String detail) {
      super(Problem.of("payload-too-large", "Payload too large", 413, detail));
    }
  }

  /** 415: the body is not {@code application/json}. */
  public static final class UnsupportedMediaType extends ProblemException {
    /** With the media type expected. */
    public UnsupportedMediaType(String detail) {
      super(Problem.of("unsupported-media-type", "Unsupported media type", 415, detail));
    }
  }

  /** 429: rate limited; answered with {@code Retry-After} (and the RateLimit headers). */
  public static final class TooManyRequests extends ProblemException {
    /** With when to retry and the RateLimit headers to send. */
    public TooManyRequests(String detail, Duration retryAfter, Map<String, String> headers) {
      super(
          Problem.of("rate-limited", "Too many requests", 429, detail),
          withRetryAfter(headers, retryAfter));
    }
  }

  /** 503: a dependency (Kafka, Cassandra) could not answer in time; answered with Retry-After. */
  public static final class ServiceUnavailable extends ProblemException {
    /** With which dependency failed and when to retry. */
    public ServiceUnavailable(String detail, Duration retryAfter) {
      super(
          Problem.of("unavailable", "Service unavailable", 503, detail),
          withRetryAfter(Map.of(), retryAfter));
    }
  }

  /** Whole seconds to wait, rounded up, at least 1, as HTTP wants it. */
  public static String retryAfterSeconds(Duration wait) {
    long millis = Math.max(0, wait.toMillis());
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }

  private static Map<String, String> withRetryAfter(Map<String, String> headers, Duration wait) {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Retry-After", retryAfterSeconds(wait));
    return all;
  }
}

package io.chatcqrs.query.http;

import io.chatcqrs.platform.http.ProblemException;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the query parameters of the read endpoints. The OpenAPI document validates them first;
 * these checks repeat the rules so that the handlers never trust unvalidated input.
 */
final class QueryParams {
  static final int MAX_LIMIT = 100;
  static final int MAX_CURSOR_CHARS = 1024;

  private QueryParams() {}

  /** {@code limit}: 1-100, {@code fallback} when absent. */
  static int limit(RoutingContext ctx, int fallback) {
    Long value = optionalLong(ctx, "limit", 1);
    if (value == null) {
      return fallback;
    }
    if (value > MAX_LIMIT) {
      throw new ProblemException.BadRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    return value.intValue();
  }

  /** {@code name}: 1-{@code max}, {@code fallback} when absent. */
  static int bounded(RoutingContext ctx, String name, int max, int fallback) {
    Long value = optionalLong(ctx, name, 1);
    if (value == null) {
      return fallback;
    }
    if (value > max) {
      throw new ProblemException.BadRequest(name + " must be between 1 and " + max);
    }
    return value.intValue();
  }

  /** A whole number of at least {@code min}, or null when absent. */
  static Long optionalLong(RoutingContext ctx, String name, long min) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return null;
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value < min) {
        throw new ProblemException.BadRequest(name + " must be at least " + min);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ProblemException.BadRequest(name + " must be a whole number");
    }
  }

  /** A non-empty string of at most 1024 characters, or null when absent. */
  static String optionalString(RoutingContext ctx, String name) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return null;
    }
    if (text.isEmpty() || text.length() > MAX_CURSOR_CHARS) {
      throw new ProblemException.BadRequest(name + " is invalid");
    }
    return text;
  }
}

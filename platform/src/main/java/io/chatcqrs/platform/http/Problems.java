package io.chatcqrs.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: every failure of a route (a {@link
 * ProblemException}, Vert.x's own status failures such as the body handler's 413, OpenAPI
 * validation errors, malformed JSON, anything unexpected) is answered as {@code
 * application/problem+json}. Unexpected exceptions become a 500 whose body says nothing about the
 * cause; they are logged once, here, with the stack trace.
 */
public final class Problems {
  /** The routing-context key under which the problem that was sent is kept (for metrics). */
  public static final String PROBLEM_KEY = "chat.problem";

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /**
   * Installs the failure handler and the 404/405 handlers for unknown routes on {@code router}.
   * Call once, on the root router.
   */
  public static void installOn(Router router) {
    router.route().failureHandler(failureHandler());
    router.errorHandler(
        404,
        ctx ->
            send(ctx, new ProblemException.NotFound("no such resource: " + ctx.normalizedPath())));
    router.errorHandler(
        405,
        ctx ->
            send(
                ctx,
                new ProblemException.MethodNotAllowed(
                    ctx.request().method() + " is not allowed on " + ctx.normalizedPath())));
  }

  /** A failure handler mapping every failure to a problem response. */
  public static Handler<RoutingContext> failureHandler() {
    return ctx -> send(ctx, toProblem(ctx.failure(), ctx.statusCode()));
  }

  /** Ends the response with the problem (status, headers, body), unless it has already ended. */
  public static void send(RoutingContext ctx, ProblemException problem) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    ctx.put(PROBLEM_KEY, problem.problem());
    problem.headers().forEach(response::putHeader);
    response
        .setStatusCode(problem.problem().status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(problem.problem().toJson().toBuffer());
  }

  /**
   * The problem a failure stands for.
   *
   * @param failure the failure, or null when the route failed with a bare status code
   * @param statusCode the status the route failed with, or -1
   */
  public static ProblemException toProblem(Throwable failure, int statusCode) {
    if (failure instanceof ProblemException problem) {
      return problem;
    }
    if (failure instanceof HttpException http) {
      if (http.getCause() instanceof ProblemException problem) {
        return problem;
      }
      if (http.getCause() instanceof ValidatorException validation) {
        return fromValidation(validation);
      }
      return fromStatus(http.getStatusCode(), http.getPayload(), http);
    }
    if (failure instanceof ValidatorException validation) {
      return fromValidation(validation);
    }
    if (failure instanceof DecodeException) {
      return new ProblemException.BadRequest("the body is not valid JSON");
    }
    if (failure == null) {
      return fromStatus(statusCode, null, null);
    }
    LOG.error("unexpected failure while handling a request", failure);
    return internalError();
  }

  private static ProblemException fromValidation(ValidatorException validation) {
    if (validation.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      return new ProblemException.UnsupportedMediaType("the body must be application/json");
    }
    return new ProblemException.BadRequest(validation.getMessage());
  }

  private static ProblemException fromStatus(int status, String payload, Throwable cause) {
    String detail = payload == null || payload.isBlank() ? null : payload;
    return switch (status) {
      case 400 -> new ProblemException.BadRequest(orElse(detail, "the request is malformed"));
      case 401 ->
          new ProblemException.Unauthorized(orElse(detail, "a valid bearer token is required"));
      case 403 -> new ProblemException.Forbidden(orElse(detail, "not allowed"));
      case 404 -> new ProblemException.NotFound(orElse(detail, "no such resource"));
      case 405 -> new ProblemException.MethodNotAllowed(orElse(detail, "method not allowed"));
      case 409 -> new ProblemException.Conflict(orElse(detail, "conflict"));
      case 413 -> new ProblemException.PayloadTooLarge("the body exceeds the size limit");
      case 415 -> new ProblemException.UnsupportedMediaType("the body must be application/json");
      default -> {
        if (status >= 400 && status < 500) {
          yield new ProblemException(
              Problem.of("client-error", "Client error", status, orElse(detail, "client error")));
        }
        if (cause != null) {
          LOG.error("request failed with status {}", status, cause);
        } else {
          LOG.error("request failed with status {}", status);
        }
        yield status == 503
            ? new ProblemException(
                Problem.of("unavailable", "Service unavailable", 503, "try again later"),
                Map.of("Retry-After", "1"))
            : internalError();
      }
    };
  }

  private static ProblemException internalError() {
    return new ProblemException(
        Problem.of("internal", "Internal server error", 500, "the request could not be processed"));
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}

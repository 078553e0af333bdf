package io.chatcqrs.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers 400 problem+json to requests whose path or query string cannot be percent-decoded ({@code
 * %}, {@code %zz}, {@code a%2}) before they reach a router: Vert.x's routing decodes them lazily
 * and would otherwise fail with a 500 (or no answer at all) deep inside a handler.
 */
public final class UndecodableRequests {
  private UndecodableRequests() {}

  /** {@code router} behind the guard: install as the HTTP server's request handler. */
  public static Handler<HttpServerRequest> guard(Handler<HttpServerRequest> router) {
    return request -> {
      if (decodable(request.uri())) {
        router.handle(request);
      } else {
        var problem =
            new ProblemException.BadRequest("the request URI has a malformed percent-escape")
                .problem();
        request
            .response()
            .setStatusCode(problem.status())
            .putHeader("Content-Type", Problem.MEDIA_TYPE)
            .end(problem.toJson().toBuffer());
      }
    };
  }

  /** Whether every percent-escape of {@code uri} is well formed UTF-8. */
  static boolean decodable(String uri) {
    if (uri == null || uri.indexOf('%') < 0) {
      return true;
    }
    try {
      URLDecoder.decode(uri, StandardCharsets.UTF_8);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

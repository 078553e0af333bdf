package io.chatcqrs.query;

import io.chatcqrs.platform.auth.AuthHandler;
import io.chatcqrs.platform.auth.JwtAuthenticator;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.health.Health;
import io.chatcqrs.platform.http.OpenApiDocument;
import io.chatcqrs.platform.http.Problems;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.query.http.ReadEndpoints;
import io.chatcqrs.query.http.ReadLimits;
import io.chatcqrs.query.live.LiveStream;
import io.chatcqrs.query.live.ticket.StreamTickets;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires the query API's routes in one place. The routes of the API come from the committed OpenAPI
 * document (operation ids below), which also validates their query and path parameters. Every
 * {@code /v1/} request is authenticated first (the SSE stream by ticket, see {@link
 * StreamTickets}), then rate limited, then validated, then handled; {@code /health/*}, {@code
 * /metrics} and {@code /openapi.yaml} are open. Every failure becomes problem+json in {@link
 * Problems}.
 */
final class QueryRouter {
  static final String EVENTS_PATH = "/v1/me/events";

  private QueryRouter() {}

  static Router build(
      Vertx vertx,
      ServiceConfig config,
      String secret,
      OpenApiDocument document,
      Metrics metrics,
      Health health,
      ReadEndpoints reads,
      LiveStream live,
      StreamTickets tickets) {
    ReadLimits limits = ReadLimits.fromConfig(config);
    limits.limiter().onLimited(metrics::rateLimited);
    JwtAuthenticator authenticator = new JwtAuthenticator(vertx, secret);
    AuthHandler bearer = new AuthHandler(authenticator, false, limits.limiter(), limits.proxies());
    AuthHandler bearerOrQuery =
        new AuthHandler(authenticator, true, limits.limiter(), limits.proxies());
    Handler<RoutingContext> streamAuth = tickets.authentication(bearer, bearerOrQuery);

    AtomicReference<Handler<RoutingContext>> requestMetrics = new AtomicReference<>();
    RouterBuilder builder = RouterBuilder.create(vertx, document.contract());
    builder.rootHandler(ctx -> requestMetrics.get().handle(ctx));
    builder.rootHandler(
        ctx -> {
          String path = ctx.normalizedPath();
          if (!path.startsWith("/v1/")) {
            ctx.next();
          } else if (path.equals(EVENTS_PATH)) {
            streamAuth.handle(ctx);
          } else {
            bearer.handle(ctx);
          }
        });
    route(builder, "listMyRooms", limits.handler(ReadLimits.ROOMS), reads::myRooms);
    route(builder, "listUserRooms", limits.handler(ReadLimits.ROOMS), reads::userRooms);
    route(builder, "getChat", limits.handler(ReadLimits.HISTORY), reads::chat);
    route(builder, "listMessages", limits.handler(ReadLimits.HISTORY), reads::messages);
    route(builder, "streamMyEvents", limits.handler(ReadLimits.SSE), live::handle);
    route(builder, "createEventTicket", limits.handler(ReadLimits.TICKETS), tickets::issue);

    Router router = builder.createRouter();
    requestMetrics.set(metrics.requestMetrics(router));
    health.mount(router);
    router.get("/metrics").handler(metrics.scrapeHandler());
    router.get("/openapi.yaml").handler(document.serveHandler());
    Problems.installOn(router);
    return router;
  }

  private static void route(
      RouterBuilder builder,
      String operationId,
      Handler<RoutingContext> limit,
      Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("openapi.yaml has no operation " + operationId);
    }
    route.setDoSecurity(false).addHandler(limit).addHandler(handler);
  }
}

package io.chatcqrs.web;

import io.chatcqrs.platform.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the reference web client and makes both APIs reachable from its origin.
 *
 * <p>Routes: the static page from the classpath folder {@code webroot}; {@code GET /config.json}
 * (where the page finds the APIs, whether local mode is on and the demo users); {@code
 * /api/command/**} and {@code /api/query/**} reverse-proxied to the command-api and query-api (see
 * {@link ApiProxy}; the live event stream included, unbuffered); and, only when {@code local.mode}
 * is true, {@code POST /local/token} (see {@link LocalTokenHandler}). Settings are described on
 * {@link WebConfig}. The page itself loads nothing from other origins, which the
 * Content-Security-Policy header enforces.
 */
public final class WebVerticle extends VerticleBase {

  /** Where the page reaches the command-api, relative to its own origin. */
  public static final String COMMAND_PREFIX = "/api/command";

  /** Where the page reaches the query-api, relative to its own origin. */
  public static final String QUERY_PREFIX = "/api/query";

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private HttpClient upstream;
  private HttpServer server;
  private WebConfig settings;

  @Override
  public Future<?> start() {
    try {
      settings = WebConfig.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    upstream =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(settings.maxUpstreamConnections()));
    Router router = Router.router(vertx);
    router.route().handler(WebVerticle::securityHeaders);
    router.get("/config.json").handler(this::pageConfig);
    ApiProxy.mount(
        router, COMMAND_PREFIX, settings.commandApi(), upstream, settings.trustedProxies());
    ApiProxy.mount(router, QUERY_PREFIX, settings.queryApi(), upstream, settings.trustedProxies());
    if (settings.localMode()) {
      router
          .post("/local/token")
          .handler(BodyHandler.create().setBodyLimit(4096))
          .handler(
              new LocalTokenHandler(
                  settings.jwtSecret(), Duration.ofSeconds(settings.localTokenTtlSeconds())))
          .failureHandler(Problems.failureHandler());
    }
    router
        .route("/*")
        .handler(
            StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    return vertx
        .createHttpServer(new HttpServerOptions().setPort(settings.port()).setHost(settings.host()))
        .requestHandler(router)
        .listen()
        .onSuccess(
            s -> {
              server = s;
              LOG.info(
                  "web client on http://{}:{}/ (local mode {})",
                  settings.host(),
                  s.actualPort(),
                  settings.localMode());
            });
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> upstream == null ? Future.succeededFuture() : upstream.close());
  }

  /** The port actually bound (useful when {@code web.port} is 0); -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private void pageConfig(RoutingContext ctx) {
    JsonObject body =
        new JsonObject()
            .put("command_api", COMMAND_PREFIX)
            .put("query_api", QUERY_PREFIX)
            .put("local_mode", settings.localMode())
            .put("demo_users", settings.localMode() ? new JsonArray(settings.demoUsers()) : null);
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  private static void securityHeaders(RoutingContext ctx) {
    if (!ctx.normalizedPath().startsWith("/api/")) {
      ctx.response()
          .putHeader("Content-Security-Policy", CSP)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
    }
    ctx.next();
  }
}

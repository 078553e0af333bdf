package io.chatcqrs.projection.app;

import io.chatcqrs.projection.ProjectionMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * Deploys the projection workers: starts Kafka Streams and the Cassandra sink on a worker thread
 * (never on the event loop), serves {@code /health/live}, {@code /health/ready} and {@code
 * /metrics} on {@code projection.http.port}, and stops everything on undeploy. Settings come from
 * {@link #config()}, see {@link ProjectionConfig}.
 */
public class ProjectionWorkersVerticle extends VerticleBase {
  private final PrometheusMeterRegistry registry;
  private ProjectionWorkers workers;
  private HttpServer server;

  /** A verticle with its own Prometheus registry. */
  public ProjectionWorkersVerticle() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** A verticle reporting to {@code registry}. */
  public ProjectionWorkersVerticle(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    ProjectionConfig config = new ProjectionConfig(config().getMap()).validate();
    ProjectionMetrics metrics = new ProjectionMetrics(registry);
    return vertx
        .executeBlocking(() -> ProjectionWorkers.start(config, metrics))
        .compose(
            started -> {
              workers = started;
              int port = (int) config.number("projection.http.port", 8083);
              return port < 0 ? Future.succeededFuture() : listen(port);
            });
  }

  private Future<HttpServer> listen(int port) {
    Router router = Router.router(vertx);
    router
        .get("/health/live")
        .handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
    router
        .get("/health/ready")
        .handler(
            ctx -> {
              boolean up = workers != null && workers.isHealthy();
              ctx.response().setStatusCode(up ? 200 : 503);
              ctx.json(new io.vertx.core.json.JsonObject().put("status", up ? "UP" : "DOWN"));
            });
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape()));
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
  }

  /** The HTTP port actually bound, or -1 when none. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> stop() {
    Future<Void> closeServer = server == null ? Future.succeededFuture() : server.close();
    ProjectionWorkers running = workers;
    return closeServer.compose(
        v ->
            running == null
                ? Future.succeededFuture()
                : vertx.executeBlocking(
                    () -> {
                      running.close();
                      return null;
                    }));
  }
}

package io.chatcqrs.projection.app;

import io.chatcqrs.platform.health.Health;
import io.chatcqrs.platform.health.HealthCheck;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.projection.ProjectionMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;

/**
 * Deploys the projection workers: starts Kafka Streams and the Cassandra sink on a worker thread
 * (never on the event loop), serves {@code /health/live}, {@code /health/ready} and {@code
 * /metrics} on {@code projection.http.port}, and stops everything on undeploy. Settings come from
 * {@link #config()}, see {@link ProjectionConfig}. Meters go to the platform's {@link
 * Metrics#processRegistry()} unless a registry is given: {@code /metrics} also shows the JVM's and
 * (under {@link Main}) Vert.x's meters and the health endpoints' request metrics ({@code
 * service="projection-workers"}); the projection's own meters keep their names, {@code
 * chat_projection_*}, see {@link ProjectionMetrics}.
 *
 * <p>{@code /health/ready} is UP only while every part can make progress ({@link
 * ProjectionWorkers#status()}, one check per part): DOWN until Kafka Streams is RUNNING after its
 * first rebalance and the sink's consumer is assigned, and DOWN again when Streams fails or stops
 * (503 problem+json whose {@code checks} say why). {@code /health/live} is 503 once a part stopped
 * for good outside undeploy ({@link ProjectionWorkers#liveness()}): an orchestrator restarts the
 * process.
 */
public class ProjectionWorkersVerticle extends VerticleBase {
  /** The {@code service} tag of the request metrics. */
  public static final String SERVICE = "projection-workers";

  private final PrometheusMeterRegistry registry;
  private ProjectionMetrics meters;
  private ProjectionWorkers workers;
  private HttpServer server;

  /**
   * A verticle reporting to the process's registry ({@link Metrics#processRegistry()}). Its
   * readiness gauges are registered once per registry: to run two deployments at the same time in
   * one JVM, give each its own registry.
   */
  public ProjectionWorkersVerticle() {
    this(Metrics.processRegistry());
  }

  /** A verticle reporting to {@code registry}. */
  public ProjectionWorkersVerticle(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    ProjectionConfig config = ProjectionConfig.of(config()).validate();
    ProjectionMetrics metrics = new ProjectionMetrics(registry);
    meters = metrics;
    return vertx
        .executeBlocking(() -> ProjectionWorkers.start(config, metrics))
        .onFailure(failed -> metrics.close())
        .compose(
            started -> {
              workers = started;
              int port = config.httpPort();
              return port < 0
                  ? Future.succeededFuture()
                  : listen(port).recover(failed -> closeAfterFailedListen(started, failed));
            });
  }

  /** A failed start is not undeployed: close what it started (both groups left) and fail. */
  private Future<HttpServer> closeAfterFailedListen(ProjectionWorkers started, Throwable failed) {
    workers = null;
    return vertx
        .<Void>executeBlocking(
            () -> {
              started.close();
              return null;
            })
        .eventually(
            () -> {
              meters.close();
              return Future.succeededFuture();
            })
        .transform(done -> Future.failedFuture(failed));
  }

  private Future<HttpServer> listen(int port) {
    Router router = Router.router(vertx);
    Metrics metrics = new Metrics(registry, SERVICE);
    router.route().handler(metrics.requestMetrics(router));
    Health health = new Health(vertx, Duration.ofSeconds(2), Duration.ofMillis(500));
    for (PartStatus part : workers.status()) {
      health.add(new PartCheck(part.part(), ProjectionWorkers::status));
    }
    for (PartStatus part : workers.liveness()) {
      health.addLiveness(new PartCheck(part.part(), ProjectionWorkers::liveness));
    }
    health.mount(router);
    router.get("/metrics").handler(metrics.scrapeHandler());
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(s -> server = s);
  }

  /**
   * Readiness ({@link ProjectionWorkers#status()}) or liveness ({@link
   * ProjectionWorkers#liveness()}) of one part of the projection.
   */
  private final class PartCheck implements HealthCheck {
    private final String part;
    private final java.util.function.Function<ProjectionWorkers, List<PartStatus>> report;

    PartCheck(
        String part, java.util.function.Function<ProjectionWorkers, List<PartStatus>> report) {
      this.part = part;
      this.report = report;
    }

    @Override
    public String name() {
      return part;
    }

    @Override
    public Future<Void> check() {
      ProjectionWorkers running = workers;
      if (running == null) {
        return Future.failedFuture("not started");
      }
      for (PartStatus s : report.apply(running)) {
        if (s.part().equals(part)) {
          return s.ready() ? Future.succeededFuture() : Future.failedFuture(s.detail());
        }
      }
      return Future.failedFuture("not running");
    }
  }

  /** The HTTP port actually bound, or -1 when none. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> stop() {
    Future<Void> closeServer = server == null ? Future.succeededFuture() : server.close();
    ProjectionWorkers running = workers;
    ProjectionMetrics ownMeters = meters;
    return closeServer
        .compose(
            v ->
                running == null
                    ? Future.<Void>succeededFuture()
                    : vertx.<Void>executeBlocking(
                        () -> {
                          running.close();
                          return null;
                        }))
        .onComplete(
            done -> {
              if (ownMeters != null) {
                ownMeters.close();
              }
            });
  }
}

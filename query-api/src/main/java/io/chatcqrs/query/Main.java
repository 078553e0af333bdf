package io.chatcqrs.query;

import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the query service on its own: loads the settings (defaults, the JSON file named by the first
 * argument or env {@code CHAT_CONFIG}, then environment variables: {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code CASSANDRA_CONTACT_POINTS}, {@code CHAT_JWT_SECRET}, {@code CHAT_SSE_TICKET_SECRET}, {@code
 * QUERY_API_PORT} or {@code HTTP_PORT}...). Exits non-zero if the service cannot start; closes
 * Vert.x (and so the verticle) on shutdown.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /** Starts the service. */
  public static void main(String[] args) {
    ServiceConfig config =
        ServiceConfig.load(
            QuerySettings.defaults(),
            args.length > 0 ? Path.of(args[0]) : null,
            Map.of("QUERY_API_PORT", "http.port", "CHAT_SSE_TICKET_SECRET", "sse.ticket-secret"));
    Vertx vertx = Metrics.newVertx(new VertxOptions());
    vertx
        .deployVerticle(new QueryApiVerticle(), new DeploymentOptions().setConfig(config.toJson()))
        .onSuccess(id -> LOG.info("query-api listening on port {}", config.string("http.port")))
        .onFailure(
            failure -> {
              LOG.error("query-api failed to start", failure);
              vertx.close().onComplete(done -> System.exit(1));
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> vertx.close().toCompletionStage().toCompletableFuture().join()));
  }
}

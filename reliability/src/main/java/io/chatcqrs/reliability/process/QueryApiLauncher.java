package io.chatcqrs.reliability.process;

import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.query.QueryApiVerticle;
import io.chatcqrs.query.QuerySettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the query API exactly as {@code io.chatcqrs.query.Main} does, but with the JSON config
 * file named by the first argument. {@code query.Main} reads its file only from env {@code
 * CHAT_CONFIG}, and {@code ChildJvm} cannot set a child's environment, so the fault harness starts
 * the query API through this class. Exits with status 1 if the service cannot start.
 */
public final class QueryApiLauncher {
  private QueryApiLauncher() {}

  /** Entry point: {@code QueryApiLauncher <config.json>}. */
  public static void main(String[] args) {
    ServiceConfig config =
        ServiceConfig.load(
            QuerySettings.defaults(), Path.of(args[0]), Map.of("QUERY_API_PORT", "http.port"));
    Vertx vertx = Metrics.newVertx(new VertxOptions());
    vertx
        .deployVerticle(new QueryApiVerticle(), new DeploymentOptions().setConfig(config.toJson()))
        .onSuccess(id -> System.out.println("query-api listening on " + config.string("http.port")))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              vertx.close().onComplete(done -> System.exit(1));
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> vertx.close().toCompletionStage().toCompletableFuture().join()));
  }
}

package io.chatcqrs.projection.app;

import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the projection workers on their own, as the other services run: loads the settings ({@link
 * ServiceConfig#load}: defaults, the JSON file named by the first argument or env {@code
 * CHAT_CONFIG}, then the environment: the common variables of {@link ServiceConfig#ENV_KEYS} and
 * {@link ProjectionConfig#ENV_KEYS}, {@code PROJECTION_INSTANCE_ID} and {@code
 * PROJECTION_HTTP_PORT}) and deploys {@link ProjectionWorkersVerticle}. Exits with status 1 if it
 * cannot start. On SIGTERM it undeploys (both parts leave their consumer groups) before the JVM
 * ends.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /** Starts the workers. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 1 || (args.length == 1 && args[0].contains("="))) {
      throw new IllegalArgumentException(
          "the only argument is a JSON config file (key=value arguments are gone), got "
              + String.join(" ", args));
    }
    ServiceConfig config =
        ServiceConfig.load(
            ProjectionConfig.defaults(),
            args.length > 0 ? Path.of(args[0]) : null,
            ProjectionConfig.ENV_KEYS);
    Vertx vertx = Metrics.newVertx(new VertxOptions());
    String id;
    try {
      id =
          vertx
              .deployVerticle(
                  new ProjectionWorkersVerticle(),
                  new DeploymentOptions().setConfig(config.toJson()))
              .await();
    } catch (Exception e) {
      LOG.error("projection-workers failed to start", e);
      vertx.close().onComplete(closed -> System.exit(1));
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    vertx.undeploy(id).compose(v -> vertx.close()).await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("shutdown: {}", e.toString());
                  } finally {
                    stopped.countDown();
                  }
                }));
    LOG.info(
        "projection-workers started ({}), HTTP on port {}",
        id,
        ProjectionConfig.of(config.toJson()).httpPort());
    stopped.await();
  }
}

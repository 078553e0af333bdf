package io.chatcqrs.projection.app;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the projection workers standalone. Settings, later ones winning: the environment ({@code
 * KAFKA_BOOTSTRAP_SERVERS}, {@code CASSANDRA_CONTACT_POINTS}, {@code CASSANDRA_LOCAL_DC}, {@code
 * CASSANDRA_KEYSPACE}, {@code TOPICS_PREFIX}, {@code PROJECTION_INSTANCE_ID}), then {@code
 * key=value} arguments with the flat keys of {@link ProjectionConfig}. Stops cleanly on SIGTERM.
 */
public final class Main {
  private static final Map<String, String> ENV =
      Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers",
          "CASSANDRA_CONTACT_POINTS", "cassandra.contact.points",
          "CASSANDRA_LOCAL_DC", "cassandra.local.dc",
          "CASSANDRA_KEYSPACE", "cassandra.keyspace",
          "TOPICS_PREFIX", "topics.prefix",
          "PROJECTION_INSTANCE_ID", "projection.instance.id");

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject();
    ENV.forEach(
        (env, key) -> {
          String v = System.getenv(env);
          if (v != null && !v.isBlank()) {
            config.put(key, v);
          }
        });
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value, got " + arg);
      }
      config.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Vertx vertx = Vertx.vertx();
    String id =
        vertx
            .deployVerticle(
                new ProjectionWorkersVerticle(), new DeploymentOptions().setConfig(config))
            .await();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    vertx.undeploy(id).compose(v -> vertx.close()).await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("shutdown: " + e);
                  } finally {
                    stopped.countDown();
                  }
                }));
    System.out.println("projection-workers started (" + id + ")");
    stopped.await();
  }
}

package io.chatcqrs.command.support;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.projection.app.ProjectionWorkersVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real projection workers over one test class's topics and keyspace, on their own Vert.x: what
 * makes created chats, joins and removals reach the read model the pre-checks read.
 */
public final class RunningProjection implements AutoCloseable {
  private final Vertx vertx;

  private RunningProjection(Vertx vertx) {
    this.vertx = vertx;
  }

  public static RunningProjection start(ChatInfra infra, ChatInfra.Isolation isolation) {
    return start(infra, isolation, java.util.Map.of());
  }

  /** Like {@link #start(ChatInfra, ChatInfra.Isolation)}, with settings overridden. */
  public static RunningProjection start(
      ChatInfra infra, ChatInfra.Isolation isolation, java.util.Map<String, Object> overrides) {
    JsonObject config;
    try {
      config =
          new JsonObject(new HashMap<>(infra.serviceConfig(isolation)))
              .put("projection.application.id", isolation.topicPrefix() + "projection")
              .put("projection.sink.group.id", isolation.topicPrefix() + "sink")
              .put("projection.http.port", -1)
              .put("projection.streams.kafka.consumer.session.timeout.ms", "6000")
              .put("projection.streams.kafka.consumer.heartbeat.interval.ms", "1000")
              .put("projection.streams.kafka.producer.linger.ms", "5")
              .put("projection.sink.kafka.session.timeout.ms", "6000")
              .put("projection.sink.kafka.heartbeat.interval.ms", "1000")
              .put(
                  "projection.streams.state.dir",
                  Files.createTempDirectory("command-it-streams").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    overrides.forEach(config::put);
    Vertx vertx = Vertx.vertx();
    try {
      vertx
          .deployVerticle(
              new ProjectionWorkersVerticle(), new DeploymentOptions().setConfig(config))
          .await(90, TimeUnit.SECONDS);
    } catch (Exception | Error e) {
      vertx.close().await();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    return new RunningProjection(vertx);
  }

  @Override
  public void close() {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

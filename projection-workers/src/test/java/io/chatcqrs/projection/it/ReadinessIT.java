package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.infra.process.ChildJvm;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.app.ProjectionWorkersVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silence is not health (and a stopped part is not alive): {@code /health/ready} of the projection
 * workers is DOWN while they cannot make progress (a restarted worker waiting for its dead
 * predecessor's sessions, a Kafka Streams app that failed after a partition change), UP only while
 * they process, and {@code /metrics} says the same ({@code chat_projection_ready}, {@code
 * chat_projection_streams_state}).
 */
@ExtendWith(ChatInfraExtension.class)
class ReadinessIT {

  @Test
  void readiness_is_down_while_a_restarted_worker_waits_for_its_groups_and_up_once_it_processes(
      ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    // dynamic membership and a 20 s session: a successor of a killed worker has to wait
    Map<String, Object> config =
        Workers.config(
            infra,
            iso,
            "stale",
            Map.of(
                "projection.streams.kafka.consumer.session.timeout.ms", "20000",
                "projection.sink.kafka.session.timeout.ms", "20000"));
    ReadModelProbe probe = new ReadModelProbe(infra.session(), iso.keyspace());
    Workload w = new Workload();
    ChildJvm victim = Workers.childProcess(config, iso.topicPrefix() + "stale");
    try {
      Workers.send(infra, iso, w.group("g", "alice", "bob"), w.send("g", "alice", "m1"));
      await("the child projects")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(victim.isAlive()).as(victim.logTail(30)).isTrue();
                assertThat(probe.visible("g", "alice", "m1", "bob", 1)).isTrue();
              });
    } finally {
      victim.kill();
    }
    long killed = System.nanoTime();

    Vertx vertx = Vertx.vertx();
    try {
      int port = deploy(vertx, config);
      HttpResponse<String> first = Workers.get(port, "/health/ready");
      Workers.send(infra, iso, w.send("g", "alice", "m2"));
      assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
      assertThat(first.body()).contains("waiting for");
      assertThat(probe.messageVisible("g", "alice", "m2")).isFalse();
      assertThat(Workers.get(port, "/metrics").body())
          .contains("chat_projection_ready{part=\"streams\"} 0.0");

      await("ready once the dead member's sessions expired")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Workers.get(port, "/health/ready").statusCode() == 200);
      long upAfterKill = (System.nanoTime() - killed) / 1_000_000;
      long up = System.nanoTime();
      await("m2 visible soon after ready")
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> probe.visible("g", "alice", "m2", "bob", 2));
      System.out.printf(
          "ReadinessIT: DOWN until %d ms after the kill, m2 visible %d ms after UP%n",
          upAfterKill, (System.nanoTime() - up) / 1_000_000);
      assertThat(upAfterKill)
          .as("DOWN while the groups wait for the 20 s sessions")
          .isGreaterThan(10_000);
      String metrics = Workers.get(port, "/metrics").body();
      assertThat(metrics)
          .contains("chat_projection_ready{part=\"streams\"} 1.0")
          .contains("chat_projection_ready{part=\"sink\"} 1.0")
          .contains("chat_projection_streams_state{state=\"RUNNING\"} 1.0");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void readiness_turns_down_with_a_metric_when_kafka_streams_fails_after_a_partition_change(
      ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config =
        Workers.config(
            infra,
            iso,
            "fail",
            Map.of("projection.streams.kafka.consumer.metadata.max.age.ms", "1000"));
    ReadModelProbe probe = new ReadModelProbe(infra.session(), iso.keyspace());
    Workload w = new Workload();
    Vertx vertx = Vertx.vertx();
    try {
      int port = deploy(vertx, config);
      Workers.send(infra, iso, w.group("g", "alice", "bob"), w.send("g", "alice", "m1"));
      await("processing")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  probe.visible("g", "alice", "m1", "bob", 1)
                      && Workers.get(port, "/health/ready").statusCode() == 200);
      HttpResponse<String> liveBefore = Workers.get(port, "/health/live");
      assertThat(liveBefore.statusCode()).as(liveBefore.body()).isEqualTo(200);

      try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
        admin
            .createPartitions(Map.of(iso.topics().chatEvents(), NewPartitions.increaseTo(8)))
            .all()
            .get();
      }
      await("DOWN after the repartition topic no longer matches its source")
          .dontCatchUncaughtExceptions() // the stream threads' failure is what we wait for
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> Workers.get(port, "/health/ready").statusCode() == 503);
      // PENDING_ERROR (already DOWN) comes first; the client settles in ERROR a moment later
      await("Kafka Streams in ERROR")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> streamsDetail(Workers.get(port, "/health/ready")).startsWith("ERROR"));
      HttpResponse<String> down = Workers.get(port, "/health/ready");
      System.out.println("ReadinessIT: after the partition change " + down.body());
      JsonObject checks = new JsonObject(down.body()).getJsonObject("checks");
      assertThat(checks.getJsonObject("streams").getString("status")).isEqualTo("DOWN");
      assertThat(checks.getJsonObject("streams").getString("error")).startsWith("ERROR");
      assertThat(Workers.get(port, "/metrics").body())
          .contains("chat_projection_ready{part=\"streams\"} 0.0")
          .contains("chat_projection_streams_state{state=\"ERROR\"} 1.0")
          .doesNotContain("chat_projection_streams_state{state=\"RUNNING\"} 1.0");
      // stopped for good by the replacement budget: only a restart helps, so liveness fails too
      HttpResponse<String> live = Workers.get(port, "/health/live");
      assertThat(live.statusCode()).as(live.body()).isEqualTo(503);
      JsonObject liveChecks = new JsonObject(live.body()).getJsonObject("checks");
      assertThat(liveChecks.getJsonObject("streams").getString("error"))
          .startsWith("kafka streams stopped");
      assertThat(liveChecks.getJsonObject("sink").getString("status")).isEqualTo("UP");
      assertThat(Workers.get(port, "/metrics").body())
          .contains("chat_projection_live{part=\"streams\"} 0.0")
          .contains("chat_projection_live{part=\"sink\"} 1.0");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** The readiness detail of the streams part ("" while it is UP). */
  private static String streamsDetail(HttpResponse<String> ready) {
    JsonObject checks = new JsonObject(ready.body()).getJsonObject("checks");
    String error = checks == null ? null : checks.getJsonObject("streams").getString("error");
    return error == null ? "" : error;
  }

  private static int deploy(Vertx vertx, Map<String, Object> config) throws Exception {
    Map<String, Object> c = new HashMap<>(config);
    c.put("projection.http.port", "0");
    ProjectionWorkersVerticle verticle = new ProjectionWorkersVerticle();
    vertx
        .deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject(c)))
        .await(60, TimeUnit.SECONDS);
    return verticle.actualPort();
  }
}

package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.infra.provision.TopicDefaults;
import io.chatcqrs.projection.app.ProjectionWorkers;
import io.chatcqrs.projection.app.ProjectionWorkersVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink alone (Streams disabled): a topic re-created while it runs must not be written with the
 * old incarnation's epoch, and a sink that stopped for good turns {@code /health/live} to 503 so
 * that the process is restarted; a failed start leaves nothing running.
 */
@ExtendWith(ChatInfraExtension.class)
class SinkLifecycleIT {
  private static final long EPOCH_1 = 1L << 48;

  @Test
  void a_user_events_topic_recreated_while_the_sink_runs_stops_it_and_fails_liveness(
      ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config = new HashMap<>(Workers.config(infra, iso, "recreate", Map.of()));
    config.put("projection.streams.enabled", "false");
    config.put("projection.http.port", "0");
    String topic = iso.topics().userEvents();
    Vertx vertx = Vertx.vertx();
    try {
      ProjectionWorkersVerticle verticle = new ProjectionWorkersVerticle();
      vertx
          .deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject(config)))
          .await(60, TimeUnit.SECONDS);
      int port = verticle.actualPort();
      for (int i = 0; i < 5; i++) {
        send(infra, topic, "old" + i, 10 + i);
      }
      await("the old incarnation's events written")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> total(infra, iso, "old4") != null);
      HttpResponse<String> liveBefore = Workers.get(port, "/health/live");
      assertThat(liveBefore.statusCode()).as(liveBefore.body()).isEqualTo(200);
      assertThat(Workers.get(port, "/health/ready").statusCode()).isEqualTo(200);

      recreate(infra, iso, topic);
      send(infra, topic, "new0", 99);

      await("/health/live 503 once the sink saw the new incarnation")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> Workers.get(port, "/health/live").statusCode() == 503);
      HttpResponse<String> live = Workers.get(port, "/health/live");
      System.out.println("SinkLifecycleIT: " + live.body());
      JsonObject sink = new JsonObject(live.body()).getJsonObject("checks").getJsonObject("sink");
      assertThat(sink.getString("status")).isEqualTo("DOWN");
      assertThat(sink.getString("error")).contains("re-created").contains(topic);
      assertThat(Workers.get(port, "/metrics").body())
          .contains("chat_projection_live{part=\"sink\"} 0.0");
      assertThat(total(infra, iso, "new0"))
          .as("the new incarnation's offset 0 is not written with the old epoch")
          .isNull();

      // what the restart does: the new incarnation gets epoch 1, above every old row
      config.put("projection.http.port", "-1");
      try (ProjectionWorkers restarted = Workers.inProcess(config)) {
        await("the restarted sink writes the new event with epoch 1")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> total(infra, iso, "new0") != null);
        Row row = total(infra, iso, "new0");
        assertThat(row.getLong(1)).isEqualTo(EPOCH_1);
        assertThat(restarted.liveness()).allMatch(s -> s.ready());
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_failed_start_closes_kafka_streams(ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config = new HashMap<>(Workers.config(infra, iso, "nostart", Map.of()));
    config.put("cassandra.keyspace", "no_such_keyspace_" + System.nanoTime());
    String appId = (String) config.get("projection.application.id");

    Throwable failure = null;
    try (ProjectionWorkers w = Workers.inProcess(config)) {
      // not reached
    } catch (RuntimeException e) {
      failure = e;
    }

    assertThat(failure).as("the sink cannot prepare its statements").isNotNull();
    await("no stream thread of the failed start left")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith(appId)));
  }

  @Test
  void a_deployment_whose_port_is_taken_fails_and_leaves_nothing_running(ChatInfra infra)
      throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config = new HashMap<>(Workers.config(infra, iso, "porttaken", Map.of()));
    String appId = (String) config.get("projection.application.id");
    String sinkThread = "cassandra-sink-" + config.get("projection.sink.group.id");
    Vertx vertx = Vertx.vertx();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      config.put("projection.http.port", Integer.toString(taken.getLocalPort()));
      Throwable failure = null;
      try {
        vertx
            .deployVerticle(
                new ProjectionWorkersVerticle(
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT)),
                new DeploymentOptions().setConfig(new JsonObject(config)))
            .await(90, TimeUnit.SECONDS);
      } catch (Exception e) {
        failure = e;
      }

      assertThat(failure).as("the HTTP port is taken").isNotNull();
      await("neither a stream thread nor the sink thread of the failed deployment left")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Thread.getAllStackTraces().keySet().stream()
                      .noneMatch(
                          t ->
                              t.isAlive()
                                  && (t.getName().startsWith(appId)
                                      || t.getName().equals(sinkThread))));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static Row total(ChatInfra infra, ChatInfra.Isolation iso, String user) {
    return infra
        .session()
        .execute(
            "SELECT total_unread, writetime(total_unread) FROM "
                + iso.keyspace()
                + ".user_totals WHERE user_id = ?",
            user)
        .one();
  }

  private static void send(ChatInfra infra, String topic, String user, long total)
      throws Exception {
    UserEvent e =
        new UserEvent(
            new UserId(user),
            new ChatId("c1"),
            "read",
            JsonNodeFactory.instance.objectNode().put("chat_id", "c1"),
            total,
            "e-" + user,
            Instant.now());
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        JsonSerde<UserEvent> serde = new JsonSerde<>(UserEvent.class)) {
      producer
          .send(new ProducerRecord<>(topic, 0, user, serde.serializer().serialize(topic, e)))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** Deletes {@code topic} and provisions it again: a new topic id, offsets from 0. */
  private static void recreate(ChatInfra infra, ChatInfra.Isolation iso, String topic)
      throws Exception {
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      await("deleted " + topic)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
    }
    await("re-created " + topic)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                Provisioner.provisionTopics(
                            infra.bootstrapServers(), iso.topicPrefix(), TopicDefaults.LOCAL)
                        .created()
                        .size()
                    == 1);
  }
}

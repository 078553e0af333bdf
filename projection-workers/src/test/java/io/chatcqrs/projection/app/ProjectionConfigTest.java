package io.chatcqrs.projection.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.projection.sink.SinkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionConfigTest {

  @Test
  void the_defaults_are_the_shared_group_limits_and_the_platforms_common_settings() {
    ProjectionConfig config = ProjectionConfig.of(Map.of()).validate();

    assertThat(config.maxGroupMembers()).isEqualTo(100_000);
    assertThat(config.fanOutReadThreshold()).isEqualTo(100);
    assertThat(config.httpPort()).isEqualTo(8083);
    assertThat(config.applicationId()).isEqualTo("chat-projection");
    assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(config.keyspace()).isEqualTo("chat");
    assertThat(config.instanceId()).isNull();
    assertThat(config.rebalanceGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.streamsEnabled()).isTrue();
    assertThat(config.sinkEnabled()).isTrue();
    SinkSettings sink = config.sinkSettings();
    assertThat(sink.groupId()).isEqualTo("chat-projection-sink");
    assertThat(sink.roomTtl()).isEqualTo(SinkSettings.DEFAULT_ROOM_TTL);
    assertThat(sink.consumerOverrides()).isEmpty();
  }

  @Test
  void main_reads_a_nested_json_file_then_the_environment_which_wins(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("projection.json");
    Files.writeString(
        file,
        """
        {"chat": {"max-group-members": 5000, "fanout-read-threshold": 250},
         "topics.prefix": "t1.",
         "projection.http.port": 9000,
         "projection.room-ttl": "PT1H",
         "projection.ready.rebalance-grace": "12",
         "projection.streams": {"threads": 2, "kafka": {"producer.linger.ms": 5}},
         "projection.sink.kafka.session.timeout.ms": 6000,
         "cassandra.request-timeout-ms": 5000}
        """);
    ServiceConfig loaded =
        ServiceConfig.load(
            ProjectionConfig.defaults(),
            file,
            ProjectionConfig.ENV_KEYS,
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "CASSANDRA_KEYSPACE", "chat_p12",
                "PROJECTION_INSTANCE_ID", "worker-3",
                "PROJECTION_HTTP_PORT", "9100"));

    ProjectionConfig config = ProjectionConfig.of(loaded.toJson()).validate();

    assertThat(config.maxGroupMembers()).isEqualTo(5000);
    assertThat(config.fanOutReadThreshold()).isEqualTo(250);
    assertThat(config.httpPort()).as("the env wins over the file").isEqualTo(9100);
    assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.keyspace()).isEqualTo("chat_p12");
    assertThat(config.topics().chatEvents()).isEqualTo("t1.chat.events.v1");
    assertThat(config.instanceId()).isEqualTo("worker-3");
    assertThat(config.rebalanceGrace()).isEqualTo(Duration.ofSeconds(12));
    assertThat(config.config().number("cassandra.request-timeout-ms", 0)).isEqualTo(5000);
    assertThat(config.streamsOverrides())
        .containsEntry("num.stream.threads", 2)
        .containsEntry("producer.linger.ms", "5")
        .containsEntry("group.instance.id", "worker-3")
        .containsEntry("main.consumer.internal.leave.group.on.close", true);
    SinkSettings sink = config.sinkSettings();
    assertThat(sink.roomTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(sink.keyspace()).isEqualTo("chat_p12");
    assertThat(sink.consumerOverrides())
        .containsEntry("session.timeout.ms", "6000")
        .containsEntry("group.instance.id", "worker-3");
  }

  @Test
  void settings_given_as_text_as_the_test_harnesses_do_are_read_alike() {
    ProjectionConfig config =
        ProjectionConfig.of(
            Map.of(
                "chat.max-group-members", "3",
                "chat.fanout-read-threshold", "2",
                "projection.http.port", "-1",
                "projection.streams.enabled", "false",
                "projection.room-ttl", "30"));

    assertThat(config.validate().maxGroupMembers()).isEqualTo(3);
    assertThat(config.fanOutReadThreshold()).isEqualTo(2);
    assertThat(config.httpPort()).isEqualTo(-1);
    assertThat(config.streamsEnabled()).isFalse();
    assertThat(config.sinkSettings().roomTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void the_replaced_key_and_unusable_values_stop_the_start() {
    assertThatThrownBy(
            () -> ProjectionConfig.of(Map.of("projection.max-group-members", 1000)).validate())
        .hasMessageContaining("chat.max-group-members");
    assertThatThrownBy(
            () -> ProjectionConfig.of(Map.of("chat.fanout-read-threshold", 0)).validate())
        .hasMessageContaining("chat.fanout-read-threshold");
    assertThatThrownBy(() -> ProjectionConfig.of(Map.of("chat.max-group-members", 1)).validate())
        .hasMessageContaining("chat.max-group-members");
    assertThatThrownBy(
            () -> ProjectionConfig.of(Map.of("projection.room-ttl", "half a year")).validate())
        .hasMessageContaining("projection.room-ttl");
    assertThatThrownBy(() -> ProjectionConfig.of(Map.of("projection.http.port", "x")).validate())
        .hasMessageContaining("projection.http.port");
    assertThatThrownBy(
            () -> ProjectionConfig.of(Map.of("cassandra.contact.points", " , ")).validate())
        .hasMessageContaining("contact points");
  }
}

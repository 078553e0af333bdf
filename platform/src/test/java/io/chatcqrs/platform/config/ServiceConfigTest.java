package io.chatcqrs.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
  @TempDir Path dir;

  @Test
  void should_layer_defaults_then_file_then_environment() throws Exception {
    Path file = dir.resolve("chat.json");
    Files.writeString(
        file, "{\"http\":{\"port\":9000},\"kafka.bootstrap.servers\":\"file:1\",\"x\":\"file\"}");

    ServiceConfig config =
        ServiceConfig.load(
            new JsonObject().put("http.port", 8081).put("x", "service").put("y", "service"),
            null,
            Map.of("COMMAND_API_PORT", "http.port"),
            Map.of(
                "CHAT_CONFIG", file.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "COMMAND_API_PORT", "7000"));

    assertThat(config.integer("http.port", 0)).isEqualTo(7000);
    assertThat(config.string("kafka.bootstrap.servers")).isEqualTo("env:9092");
    assertThat(config.string("x")).isEqualTo("file");
    assertThat(config.string("y")).isEqualTo("service");
    assertThat(config.string("cassandra.local.dc")).isEqualTo("datacenter1");
  }

  @Test
  void should_prefer_service_specific_env_over_common_env() {
    ServiceConfig config =
        ServiceConfig.load(
            new JsonObject(),
            null,
            Map.of("COMMAND_API_PORT", "http.port"),
            Map.of("HTTP_PORT", "1111", "COMMAND_API_PORT", "2222"));

    assertThat(config.integer("http.port", 0)).isEqualTo(2222);
  }

  @Test
  void should_read_typed_values_from_text_and_refuse_nonsense() {
    ServiceConfig config =
        ServiceConfig.of(
            new JsonObject()
                .put("a", "42")
                .put("b", "true")
                .put("c", " x , ,y")
                .put("d", "nope")
                .put("nested", new JsonObject().put("key", 1)));

    assertThat(config.number("a", 0)).isEqualTo(42);
    assertThat(config.bool("b", false)).isTrue();
    assertThat(config.list("c")).containsExactly("x", "y");
    assertThat(config.integer("nested.key", 0)).isEqualTo(1);
    assertThat(config.integer("missing", 5)).isEqualTo(5);
    assertThatThrownBy(() -> config.number("d", 0))
        .isInstanceOf(ServiceConfig.InvalidSettingException.class);
    assertThatThrownBy(() -> config.string("missing"))
        .isInstanceOf(ServiceConfig.MissingSettingException.class);
  }
}

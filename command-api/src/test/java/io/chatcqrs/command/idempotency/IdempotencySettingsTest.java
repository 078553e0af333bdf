package io.chatcqrs.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdempotencySettingsTest {

  @Test
  void should_keep_answers_24_hours_by_default_and_key_ids_with_the_direct_id_secret() {
    IdempotencySettings settings =
        IdempotencySettings.fromConfig(
            ServiceConfig.of(new JsonObject().put("chat.direct-id-secret", "s")));
    assertThat(settings.ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.ttlSeconds()).isEqualTo(86_400);
    assertThat(settings.inFlightTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.secret()).isEqualTo("s");
  }

  @Test
  void should_read_the_configured_values() {
    IdempotencySettings settings =
        IdempotencySettings.fromConfig(
            ServiceConfig.of(
                new JsonObject()
                    .put("chat.direct-id-secret", "s")
                    .put("command.idempotency.ttl-ms", 172_800_000L)
                    .put("command.idempotency.in-flight-ttl-ms", 5_000)
                    .put("command.idempotency.timeout-ms", 700)
                    .put("command.idempotency.secret", "other")));
    assertThat(settings.ttl()).isEqualTo(Duration.ofHours(48));
    assertThat(settings.inFlightTtlSeconds()).isEqualTo(5);
    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(700));
    assertThat(settings.secret()).isEqualTo("other");
  }

  @Test
  void should_refuse_ttls_cassandra_cannot_hold_or_an_in_flight_ttl_longer_than_the_ttl() {
    assertThatThrownBy(
            () ->
                new IdempotencySettings(
                    Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1), "s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new IdempotencySettings(
                    Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofSeconds(1), "s"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

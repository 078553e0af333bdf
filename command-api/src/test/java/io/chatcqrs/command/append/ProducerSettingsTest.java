package io.chatcqrs.command.append;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {
  @Test
  void should_be_durable_and_bounded_so_a_send_fails_within_4_s() {
    var props =
        ProducerSettings.from(
                ServiceConfig.of(new JsonObject().put("kafka.bootstrap.servers", "k:9092")))
            .asMap();

    assertThat(props)
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "5")
        .containsEntry("batch.size", "65536");
    long maxBlock = Long.parseLong((String) props.get("max.block.ms"));
    long delivery = Long.parseLong((String) props.get("delivery.timeout.ms"));
    long request = Long.parseLong((String) props.get("request.timeout.ms"));
    assertThat(delivery).isGreaterThanOrEqualTo(request + 5).isLessThanOrEqualTo(4000);
    assertThat(maxBlock).isLessThanOrEqualTo(4000);
  }

  @Test
  void should_let_config_override_producer_properties() {
    var props =
        ProducerSettings.from(
                ServiceConfig.of(
                    new JsonObject()
                        .put("kafka.bootstrap.servers", "k:9092")
                        .put("kafka.producer.linger.ms", 20)))
            .asMap();

    assertThat(props).containsEntry("linger.ms", "20");
  }

  @Test
  void should_replace_the_producer_only_after_fatal_errors() {
    assertThat(ProducerFailures.isFatal(new TimeoutException("broker away"))).isFalse();
    assertThat(ProducerFailures.isFatal(new ProducerFencedException("fenced"))).isTrue();
    assertThat(ProducerFailures.isFatal(new OutOfOrderSequenceException("lost"))).isTrue();
    assertThat(ProducerFailures.isFatal(new IllegalStateException("closed"))).isTrue();
    assertThat(ProducerFailures.isFatal(new org.apache.kafka.common.KafkaException("failed state")))
        .isTrue();
  }
}

package io.chatcqrs.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.infra.process.ChildStartException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ChatInfraTest
class EmbeddedKafkaFaultsIT {

  @TempDir Path dir;

  @Test
  void a_port_already_taken_fails_the_start_with_the_log_tail_in_the_message() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EmbeddedKafka kafka =
          EmbeddedKafka.builder()
              .dataDir(dir.resolve("kafka"))
              .port(taken.getLocalPort())
              .startTimeout(Duration.ofSeconds(60))
              .build();

      assertThatThrownBy(kafka::start)
          .isInstanceOf(ChildStartException.class)
          .hasMessageContaining("Kafka exited during start")
          .hasMessageContaining("last lines of")
          .hasMessageContaining("Address already in use");
      assertThat(kafka.isRunning()).isFalse();
    }
  }

  @Test
  void acknowledged_records_survive_a_kill_and_restart_on_the_same_port(ChatInfra infra)
      throws Exception {
    Assumptions.assumeTrue(infra.embedded(), "needs the embedded Kafka");
    String topic = infra.isolate().topics().chatEvents();
    EmbeddedKafka kafka = infra.kafka();
    String bootstrap = kafka.bootstrapServers();
    try (KafkaProducer<String, String> producer = KafkaRoundTripIT.producer(infra)) {
      producer.send(new ProducerRecord<>(topic, "chat-1", "before-kill")).get(30, TimeUnit.SECONDS);
    }

    kafka.kill();
    assertThat(kafka.isRunning()).isFalse();
    kafka.start();

    assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = KafkaRoundTripIT.consumer(infra)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
    }
    assertThat(values).containsExactly("before-kill");
  }
}

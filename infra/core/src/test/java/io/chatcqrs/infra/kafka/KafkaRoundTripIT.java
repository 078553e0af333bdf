package io.chatcqrs.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@ChatInfraTest
class KafkaRoundTripIT {

  @Test
  void records_produced_with_acks_all_are_consumed_back_in_order(ChatInfra infra) throws Exception {
    String topic = infra.isolate().topics().chatEvents();

    try (KafkaProducer<String, String> producer = producer(infra)) {
      for (int i = 1; i <= 3; i++) {
        producer
            .send(new ProducerRecord<>(topic, "chat-1", "event-" + i))
            .get(30, TimeUnit.SECONDS);
      }
    }

    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(infra)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  values.add(record.value());
                }
                return values.size() >= 3;
              });
    }
    assertThat(values).containsExactly("event-1", "event-2", "event-3");
  }

  @Test
  void transactional_producer_commits_on_a_single_broker(ChatInfra infra) throws Exception {
    String topic = infra.isolate().topics().userEvents();

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "it-" + topic,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                30_000),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "u1", "committed"));
      producer.commitTransaction();
    }

    try (KafkaConsumer<String, String> consumer = consumer(infra)) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
      assertThat(values).containsExactly("committed");
    }
  }

  static KafkaProducer<String, String> producer(ChatInfra infra) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infra.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(ChatInfra infra) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infra.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-" + System.nanoTime(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new StringDeserializer(),
        new StringDeserializer());
  }
}

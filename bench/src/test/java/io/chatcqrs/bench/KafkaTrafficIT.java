package io.chatcqrs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The byte accounting against a real broker: only what was written after the mark counts, on the
 * measured topics and the application's own topics, transaction markers take offsets but no bytes,
 * aborted records count (they were written), and an absent topic is simply not there.
 */
@ChatInfraTest
class KafkaTrafficIT {

  @Test
  void counts_the_records_written_since_the_mark_on_the_measured_topics(ChatInfra infra)
      throws Exception {
    String prefix = infra.newTopicPrefix();
    ChatTopics topics = ChatTopics.withPrefix(prefix);
    String app = prefix + "app";
    String changelog = app + "-chat-state-v2-changelog";
    String unrelated = prefix + "unrelated";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.chatEvents(), 3, (short) 1),
                  new NewTopic(changelog, 2, (short) 1),
                  new NewTopic(unrelated, 1, (short) 1)))
          .all()
          .get();
    }
    Map<String, Object> plain =
        Map.of("bootstrap.servers", infra.bootstrapServers(), "acks", "all");
    try (KafkaProducer<byte[], byte[]> producer = producer(plain);
        KafkaTraffic traffic =
            new KafkaTraffic(
                infra.bootstrapServers(),
                List.of(topics.chatEvents(), topics.groupEvents()),
                app)) {
      producer.send(new ProducerRecord<>(topics.chatEvents(), bytes("before"), new byte[50])).get();
      var mark = traffic.mark();

      for (int i = 0; i < 30; i++) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(topics.chatEvents(), bytes("chat-" + i % 7), new byte[90]);
        record.headers().add("ce_type", bytes("message")); // 7 + 7
        producer.send(record);
      }
      producer.send(new ProducerRecord<>(unrelated, bytes("k"), new byte[1_000]));
      producer.flush();
      try (KafkaProducer<byte[], byte[]> transactional =
          producer(
              Map.of(
                  "bootstrap.servers",
                  infra.bootstrapServers(),
                  "transactional.id",
                  prefix + "tx"))) {
        transactional.initTransactions();
        transactional.beginTransaction();
        for (int i = 0; i < 4; i++) {
          transactional.send(new ProducerRecord<>(changelog, bytes("c" + i), new byte[20]));
        }
        transactional.commitTransaction();
        transactional.beginTransaction();
        transactional.send(new ProducerRecord<>(changelog, bytes("c9"), null)); // a tombstone
        transactional.flush();
        transactional.abortTransaction();
      }

      TopicTraffic counted = traffic.since(mark);

      // 30 x (key "chat-N" 6 + value 90 + header 14)
      assertThat(counted.of(topics.chatEvents())).isEqualTo(new TopicTraffic.Volume(30, 30 * 110));
      // 4 committed x (2 + 20) + the aborted tombstone's key 2; the two markers count nothing
      assertThat(counted.of(changelog)).isEqualTo(new TopicTraffic.Volume(5, 4 * 22 + 2));
      assertThat(counted.topics().keySet()).isEqualTo(Set.of(topics.chatEvents(), changelog));
      assertThat(counted.topics()).doesNotContainKey(topics.groupEvents());

      // nothing written since: every measured topic is there with 0
      TopicTraffic quiet = traffic.since(traffic.mark());
      assertThat(quiet.sum(t -> true)).isEqualTo(TopicTraffic.Volume.NONE);
      assertThat(quiet.topics()).containsKeys(topics.chatEvents(), changelog);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

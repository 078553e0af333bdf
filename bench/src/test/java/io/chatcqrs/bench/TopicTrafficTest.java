package io.chatcqrs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.topics.ChatTopics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The byte accounting of the group-size scenario: what a record costs and how topics add up. */
class TopicTrafficTest {
  private static final ChatTopics TOPICS = ChatTopics.standard();

  private static ConsumerRecord<byte[], byte[]> record(
      String topic, String key, int valueBytes, String... headers) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      h.add(
          headers[i],
          headers[i + 1] == null ? null : headers[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new ConsumerRecord<>(
        topic,
        0,
        0,
        0,
        TimestampType.CREATE_TIME,
        k == null ? -1 : k.length,
        valueBytes,
        k,
        new byte[valueBytes],
        h,
        Optional.empty());
  }

  @Test
  void a_record_costs_its_key_value_and_every_header_key_and_value() {
    // key 6 + value 100 + "ce_type" 7 + "message" 7 + "ce_id" 5 + "é" 2 (UTF-8)
    assertThat(
            TopicTraffic.bytes(
                record(TOPICS.chatEvents(), "chat-1", 100, "ce_type", "message", "ce_id", "é")))
        .isEqualTo(127);
  }

  @Test
  void a_null_key_tombstone_or_header_value_costs_nothing_for_that_part() {
    assertThat(TopicTraffic.bytes(record("changelog", null, 0, "h", null))).isEqualTo(1);
    // a tombstone: the deserialized size is -1 on the wire
    ConsumerRecord<byte[], byte[]> tombstone =
        new ConsumerRecord<>(
            "changelog",
            0,
            0,
            0,
            TimestampType.CREATE_TIME,
            3,
            -1,
            "abc".getBytes(),
            null,
            new RecordHeaders(),
            Optional.empty());
    assertThat(TopicTraffic.bytes(tombstone)).isEqualTo(3);
  }

  @Test
  void sums_per_topic_and_per_message_and_an_unwritten_topic_is_zero() {
    TopicTraffic traffic = new TopicTraffic();
    for (int i = 0; i < 10; i++) {
      traffic.add(TOPICS.chatEvents(), record(TOPICS.chatEvents(), "c", 94));
      for (int member = 0; member < 3; member++) {
        traffic.add(TOPICS.userEvents(), record(TOPICS.userEvents(), "user-" + member, 194));
      }
    }
    traffic.add("chat-projection-chat-state-v2-changelog", 10, 2_000);
    traffic.add(TOPICS.groupEvents(), 0, 0); // exists, nothing written

    assertThat(traffic.of(TOPICS.chatEvents())).isEqualTo(new TopicTraffic.Volume(10, 950));
    assertThat(traffic.bytesPerMessage(TOPICS.chatEvents(), 10)).isEqualTo(95.0);
    assertThat(traffic.bytesPerMessage(TOPICS.userEvents(), 10)).isEqualTo(3 * 200.0);
    assertThat(traffic.of(TOPICS.chatSequenced())).isEqualTo(TopicTraffic.Volume.NONE);
    assertThat(traffic.of(TOPICS.groupEvents())).isEqualTo(TopicTraffic.Volume.NONE);
    assertThat(traffic.topics()).containsKey(TOPICS.groupEvents());
    assertThat(traffic.sum(t -> true)).isEqualTo(new TopicTraffic.Volume(50, 950 + 6_000 + 2_000));
  }

  @Test
  void families_split_the_streams_topics_into_changelogs_and_repartitions() {
    GroupSizeReport report = new GroupSizeReport(java.util.List.of(), "chat-projection");
    var families = report.families(TOPICS);
    TopicTraffic traffic = new TopicTraffic();
    traffic.add("chat-projection-chat-state-v2-changelog", 1, 100);
    traffic.add("chat-projection-chat-members-changelog", 1, 30);
    traffic.add("chat-projection-user-fanout-repartition", 2, 400);
    traffic.add("other-app-x-changelog", 1, 1_000);
    traffic.add(TOPICS.chatSequenced(), 1, 7);

    assertThat(traffic.sum(families.get("Streams changelogs")).bytes()).isEqualTo(130);
    assertThat(traffic.sum(families.get("Streams repartitions")).bytes()).isEqualTo(400);
    assertThat(traffic.sum(families.get("chat.sequenced")).bytes()).isEqualTo(7);
    assertThat(traffic.sum(families.get("chat.group-events")).bytes()).isZero();
  }
}

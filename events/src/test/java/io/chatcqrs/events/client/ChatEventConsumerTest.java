package io.chatcqrs.events.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.topics.ChatTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ChatEventConsumerTest {
  private static final String TOPIC = ChatTopics.standard().chatEvents();
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final ChatEvent SENT = ChatEventSamples.all().get(MessageSent.class);
  private static final ChatEvent JOINED = ChatEventSamples.all().get(MemberJoined.class);
  private static final byte[] GARBAGE = "{not json".getBytes(StandardCharsets.UTF_8);

  private final RecordingConsumer kafka = new RecordingConsumer();
  private final List<ReceivedChatEvent> received = new ArrayList<>();
  private final List<PoisonRecord> poison = new ArrayList<>();

  @Test
  void should_map_a_record_to_a_typed_event_with_its_position() {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            TOPIC,
            2,
            17L,
            1_764_063_000_123L,
            TimestampType.CREATE_TIME,
            -1,
            -1,
            SENT.chatId().value(),
            ChatEventCodec.encode(SENT),
            new RecordHeaders(),
            Optional.empty());

    ChatRecord mapped = ChatEventConsumer.toChatRecord(record);

    assertThat(mapped).isInstanceOf(ReceivedChatEvent.class);
    assertThat(mapped).isEqualTo(new ReceivedChatEvent(SENT, TOPIC, 2, 17L, 1_764_063_000_123L));
    assertThat(((ReceivedChatEvent) mapped).event()).isInstanceOf(MessageSent.class);
  }

  @Test
  void should_map_undecodable_bytes_and_tombstones_to_poison_records() {
    ChatRecord garbage =
        ChatEventConsumer.toChatRecord(new ConsumerRecord<>(TOPIC, 1, 5L, "g-team", GARBAGE));
    ChatRecord tombstone =
        ChatEventConsumer.toChatRecord(new ConsumerRecord<>(TOPIC, 1, 6L, "g-team", null));

    assertThat(garbage)
        .isInstanceOfSatisfying(
            PoisonRecord.class,
            p -> {
              assertThat(p.partition()).isEqualTo(1);
              assertThat(p.offset()).isEqualTo(5L);
              assertThat(p.key()).isEqualTo("g-team");
              assertThat(p.value()).isEqualTo(GARBAGE);
              assertThat(p.reason()).contains("undecodable");
            });
    assertThat(tombstone)
        .isInstanceOfSatisfying(PoisonRecord.class, p -> assertThat(p.reason()).isNotBlank());
  }

  @Test
  void should_deliver_events_in_partition_order_skip_poison_and_commit_past_both() {
    ChatEventConsumer consumer = newConsumer(listener());
    kafka.schedulePollTask(
        () -> {
          assign();
          kafka.addRecord(record(0, SENT));
          kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 1L, "g-team", GARBAGE));
          kafka.addRecord(record(2, JOINED));
        });
    kafka.schedulePollTask(consumer::close);

    consumer.run();

    assertThat(received).extracting(ReceivedChatEvent::event).containsExactly(SENT, JOINED);
    assertThat(received).extracting(ReceivedChatEvent::offset).containsExactly(0L, 2L);
    assertThat(poison).extracting(PoisonRecord::offset).containsExactly(1L);
    assertThat(kafka.commits).containsExactly(Map.of(P0, new OffsetAndMetadata(3L)));
    assertThat(kafka.closed()).isTrue();
  }

  @Test
  void should_commit_what_was_handled_and_rethrow_when_the_listener_fails() {
    ChatEventConsumer consumer =
        newConsumer(
            received -> {
              if (received.offset() == 1L) {
                throw new IllegalStateException("downstream is down");
              }
              this.received.add(received);
            });
    kafka.schedulePollTask(
        () -> {
          assign();
          kafka.addRecord(record(0, SENT));
          kafka.addRecord(record(1, JOINED));
          kafka.addRecord(record(2, SENT));
        });

    assertThatThrownBy(consumer::run).hasMessage("downstream is down");

    assertThat(received).extracting(ReceivedChatEvent::offset).containsExactly(0L);
    assertThat(kafka.closed()).isTrue();
    assertThat(kafka.commits).containsExactly(Map.of(P0, new OffsetAndMetadata(1L)));
  }

  @Test
  void should_stop_at_once_when_closed_before_running() {
    ChatEventConsumer consumer = newConsumer(listener());
    consumer.close();

    consumer.run();

    assertThat(kafka.closed()).isTrue();
    assertThat(received).isEmpty();
  }

  @Test
  void should_refuse_to_run_twice() {
    ChatEventConsumer consumer = newConsumer(listener());
    consumer.close();
    consumer.run();

    assertThatThrownBy(consumer::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void should_default_to_manual_commits_from_the_earliest_offset_with_the_given_group() {
    Map<String, Object> config =
        ChatEventConsumer.defaultConfig("broker:9092", "push-notifications");

    assertThat(config)
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "push-notifications")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  private ChatEventConsumer.Listener listener() {
    return new ChatEventConsumer.Listener() {
      @Override
      public void onEvent(ReceivedChatEvent event) {
        received.add(event);
      }

      @Override
      public void onPoison(PoisonRecord record) {
        poison.add(record);
      }
    };
  }

  private ChatEventConsumer newConsumer(ChatEventConsumer.Listener listener) {
    return new ChatEventConsumer(() -> kafka, TOPIC, listener);
  }

  private void assign() {
    kafka.rebalance(List.of(P0));
    kafka.updateBeginningOffsets(Map.of(P0, 0L));
  }

  private static ConsumerRecord<String, byte[]> record(long offset, ChatEvent event) {
    return new ConsumerRecord<>(
        TOPIC, 0, offset, event.chatId().value(), ChatEventCodec.encode(event));
  }

  /** A mock consumer that remembers every synchronous commit, also after it was closed. */
  private static final class RecordingConsumer extends MockConsumer<String, byte[]> {
    final List<Map<TopicPartition, OffsetAndMetadata>> commits = new ArrayList<>();

    RecordingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      commits.add(Map.copyOf(offsets));
      super.commitSync(offsets);
    }
  }
}

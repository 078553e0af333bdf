package io.chatcqrs.events.client;

import static io.chatcqrs.events.ChatEventSamples.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.Reasons;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.events.topics.ChatTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class ChatEventConsumerTest {
  private static final ChatTopics TOPICS = ChatTopics.withPrefix("t-");
  private static final String TOPIC = TOPICS.chatSequenced();
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final ChatEvent SENT = ChatEventSamples.all().get(MessageSent.class);
  private static final ChatEvent JOINED = ChatEventSamples.all().get(MemberJoined.class);
  private static final byte[] GARBAGE = "{not json".getBytes(StandardCharsets.UTF_8);

  private final RecordingConsumer kafka = new RecordingConsumer();
  private final List<ChatRecord> delivered = new ArrayList<>();

  @Test
  void should_map_each_outcome_to_its_own_type_with_reason_seq_event_and_position() {
    ChatRecord accepted = ChatEventConsumer.toChatRecord(record(2, 17L, accepted(SENT, 7L)));
    ChatRecord duplicate =
        ChatEventConsumer.toChatRecord(
            record(2, 18L, verdict(SENT, Outcome.DUPLICATE, Reasons.DUPLICATE_MESSAGE, 7L)));
    ChatRecord rejected =
        ChatEventConsumer.toChatRecord(record(2, 19L, rejected(SENT, Reasons.NOT_MEMBER)));

    assertThat(accepted)
        .isInstanceOfSatisfying(
            AcceptedEvent.class,
            a -> {
              assertThat(a.event()).isEqualTo(SENT);
              assertThat(a.seq()).isEqualTo(OptionalLong.of(7L));
              assertThat(a.outcome()).isEqualTo(Outcome.ACCEPTED);
              assertThat(a.chatId()).isEqualTo(GROUP);
              assertThat(a.topic()).isEqualTo(TOPIC);
              assertThat(a.partition()).isEqualTo(2);
              assertThat(a.offset()).isEqualTo(17L);
              assertThat(a.timestamp()).isEqualTo(1_764_063_000_123L);
            });
    assertThat(duplicate)
        .isInstanceOfSatisfying(
            DuplicateEvent.class,
            d -> {
              assertThat(d.reason()).isEqualTo(Reasons.DUPLICATE_MESSAGE);
              assertThat(d.seq()).isEqualTo(OptionalLong.of(7L));
              assertThat(d.event()).isEqualTo(SENT);
            });
    assertThat(rejected)
        .isInstanceOfSatisfying(
            RejectedEvent.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Reasons.NOT_MEMBER);
              assertThat(r.event()).isEqualTo(SENT);
              assertThat(r.offset()).isEqualTo(19L);
            });
  }

  @Test
  void should_refuse_to_type_a_verdict_as_another_outcome() {
    SequencedEvent rejected = rejected(SENT, Reasons.NOT_MEMBER);

    assertThatThrownBy(() -> new AcceptedEvent(rejected, TOPIC, 0, 0L, 0L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_map_undecodable_bytes_tombstones_and_requests_to_poison_records() {
    ChatRecord garbage =
        ChatEventConsumer.toChatRecord(new ConsumerRecord<>(TOPIC, 1, 5L, "g-team", GARBAGE));
    ChatRecord tombstone =
        ChatEventConsumer.toChatRecord(new ConsumerRecord<>(TOPIC, 1, 6L, "g-team", null));
    ChatRecord request =
        ChatEventConsumer.toChatRecord(
            new ConsumerRecord<>(TOPIC, 1, 7L, "g-team", ChatEventCodec.encode(SENT)));

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
    assertThat(request)
        .as("a chat event without a verdict is not something to act on")
        .isInstanceOfSatisfying(PoisonRecord.class, p -> assertThat(p.reason()).isNotBlank());
  }

  @Test
  void should_subscribe_to_the_verdicts_not_to_the_requests() {
    List<String> subscribed = new ArrayList<>();
    ChatEventConsumer consumer = newConsumer(delivered::add);
    kafka.schedulePollTask(
        () -> {
          subscribed.addAll(kafka.subscription());
          consumer.close();
        });

    consumer.run();

    assertThat(subscribed).containsExactly(TOPICS.chatSequenced());
  }

  @Test
  void should_deliver_only_accepted_events_to_a_lambda_and_commit_past_every_verdict() {
    ChatEventConsumer consumer = newConsumer(delivered::add);
    kafka.schedulePollTask(
        () -> {
          assign();
          kafka.addRecord(record(0, 0L, accepted(JOINED, null)));
          kafka.addRecord(record(0, 1L, rejected(SENT, Reasons.NOT_MEMBER)));
          kafka.addRecord(
              record(0, 2L, verdict(JOINED, Outcome.DUPLICATE, Reasons.ALREADY_MEMBER, null)));
          kafka.addRecord(record(0, 3L, accepted(SENT, 1L)));
        });
    kafka.schedulePollTask(consumer::close);

    consumer.run();

    assertThat(delivered).allSatisfy(r -> assertThat(r).isInstanceOf(AcceptedEvent.class));
    assertThat(delivered).extracting(ChatRecord::offset).containsExactly(0L, 3L);
    assertThat(delivered)
        .extracting(r -> ((AcceptedEvent) r).event())
        .containsExactly(JOINED, SENT);
    assertThat(kafka.commits).containsExactly(Map.of(P0, new OffsetAndMetadata(4L)));
    assertThat(kafka.closed()).isTrue();
  }

  @Test
  void should_hand_duplicates_rejections_and_poison_to_a_listener_that_asks_in_order() {
    ChatEventConsumer consumer = newConsumer(everything());
    kafka.schedulePollTask(
        () -> {
          assign();
          kafka.addRecord(record(0, 0L, accepted(SENT, 1L)));
          kafka.addRecord(new ConsumerRecord<>(TOPIC, 0, 1L, "g-team", GARBAGE));
          kafka.addRecord(
              record(0, 2L, verdict(SENT, Outcome.DUPLICATE, Reasons.DUPLICATE_MESSAGE, 1L)));
          kafka.addRecord(record(0, 3L, rejected(JOINED, Reasons.NOT_MEMBER)));
        });
    kafka.schedulePollTask(consumer::close);

    consumer.run();

    assertThat(delivered)
        .extracting(r -> r.getClass().getSimpleName())
        .containsExactly("AcceptedEvent", "PoisonRecord", "DuplicateEvent", "RejectedEvent");
    assertThat(delivered).extracting(ChatRecord::offset).containsExactly(0L, 1L, 2L, 3L);
    assertThat(kafka.commits).containsExactly(Map.of(P0, new OffsetAndMetadata(4L)));
  }

  @Test
  void should_commit_what_was_handled_and_rethrow_when_the_listener_fails() {
    ChatEventConsumer consumer =
        newConsumer(
            accepted -> {
              if (accepted.offset() == 1L) {
                throw new IllegalStateException("downstream is down");
              }
              delivered.add(accepted);
            });
    kafka.schedulePollTask(
        () -> {
          assign();
          kafka.addRecord(record(0, 0L, accepted(SENT, 1L)));
          kafka.addRecord(record(0, 1L, accepted(JOINED, null)));
          kafka.addRecord(record(0, 2L, accepted(SENT, 1L)));
        });

    assertThatThrownBy(consumer::run).hasMessage("downstream is down");

    assertThat(delivered).extracting(ChatRecord::offset).containsExactly(0L);
    assertThat(kafka.closed()).isTrue();
    assertThat(kafka.commits).containsExactly(Map.of(P0, new OffsetAndMetadata(1L)));
  }

  @Test
  void should_stop_at_once_when_closed_before_running() {
    ChatEventConsumer consumer = newConsumer(delivered::add);
    consumer.close();

    consumer.run();

    assertThat(kafka.closed()).isTrue();
    assertThat(delivered).isEmpty();
  }

  @Test
  void should_refuse_to_run_twice() {
    ChatEventConsumer consumer = newConsumer(delivered::add);
    consumer.close();
    consumer.run();

    assertThatThrownBy(consumer::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void should_default_to_read_committed_manual_commits_from_the_earliest_offset() {
    Map<String, Object> config =
        ChatEventConsumer.defaultConfig("broker:9092", "push-notifications");

    assertThat(config)
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "push-notifications")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  @Test
  void should_read_committed_even_when_an_own_config_does_not_say_so() {
    Map<String, Object> own = new HashMap<>();
    own.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092");
    own.put(ConsumerConfig.GROUP_ID_CONFIG, "moderation");
    own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");

    Map<String, Object> effective = ChatEventConsumer.consumerConfig(own);

    assertThat(effective)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
        .containsEntry(
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())
        .containsEntry(
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
  }

  @Test
  void should_refuse_a_config_that_reads_uncommitted_records() {
    Map<String, Object> own =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092",
            ConsumerConfig.GROUP_ID_CONFIG, "moderation",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    assertThatThrownBy(() -> ChatEventConsumer.consumerConfig(own))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read_committed");
    assertThatThrownBy(
            () -> new ChatEventConsumer(own, TOPICS, accepted -> delivered.add(accepted)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private ChatEventConsumer.Listener everything() {
    return new ChatEventConsumer.Listener() {
      @Override
      public void onAccepted(AcceptedEvent accepted) {
        delivered.add(accepted);
      }

      @Override
      public void onDuplicate(DuplicateEvent duplicate) {
        delivered.add(duplicate);
      }

      @Override
      public void onRejected(RejectedEvent rejected) {
        delivered.add(rejected);
      }

      @Override
      public void onPoison(PoisonRecord poison) {
        delivered.add(poison);
      }
    };
  }

  private ChatEventConsumer newConsumer(ChatEventConsumer.Listener listener) {
    return new ChatEventConsumer(() -> kafka, TOPICS, listener);
  }

  private void assign() {
    kafka.rebalance(List.of(P0));
    kafka.updateBeginningOffsets(Map.of(P0, 0L));
  }

  private static SequencedEvent accepted(ChatEvent event, Long seq) {
    return verdict(event, Outcome.ACCEPTED, null, seq);
  }

  private static SequencedEvent rejected(ChatEvent event, String reason) {
    return verdict(event, Outcome.REJECTED, reason, null);
  }

  private static SequencedEvent verdict(ChatEvent event, Outcome outcome, String reason, Long seq) {
    return new SequencedEvent(
        event.chatId(),
        outcome,
        reason,
        seq,
        seq == null ? 0 : seq,
        event,
        null,
        null,
        List.of(),
        List.of(),
        new SourcePosition(TOPICS.chatEvents(), 0, 40, 1_764_063_000_000L));
  }

  private static ConsumerRecord<String, byte[]> record(
      int partition, long offset, SequencedEvent verdict) {
    return new ConsumerRecord<>(
        TOPIC,
        partition,
        offset,
        1_764_063_000_123L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        verdict.chatId().value(),
        new JsonSerde<>(SequencedEvent.class).serializer().serialize(TOPIC, verdict),
        new RecordHeaders(),
        Optional.empty());
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

package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.client.AcceptedEvent;
import io.chatcqrs.events.client.ChatEventConsumer;
import io.chatcqrs.events.client.DuplicateEvent;
import io.chatcqrs.events.client.RejectedEvent;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.Reasons;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.app.ProjectionWorkers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The events jar's consumer, as an internal service would run it, against the real projection: it
 * reads the verdicts on chat.sequenced.v1, hands over only what was accepted as accepted, and never
 * sees a record of an aborted transaction (read_committed).
 */
@ExtendWith(ChatInfraExtension.class)
class VerdictConsumerIT {
  private static final JsonSerde<SequencedEvent> VERDICTS = new JsonSerde<>(SequencedEvent.class);

  private final List<AcceptedEvent> accepted = new CopyOnWriteArrayList<>();
  private final List<RejectedEvent> rejected = new CopyOnWriteArrayList<>();
  private final List<DuplicateEvent> duplicates = new CopyOnWriteArrayList<>();

  @Test
  void should_deliver_only_accepted_verdicts_and_nothing_of_an_aborted_transaction(ChatInfra infra)
      throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Workload w = new Workload();
    MessageSent hello = w.send("g", "alice", "m1");
    Workers.produce(
        infra.bootstrapServers(),
        iso.topics().chatEvents(),
        List.of(
            w.group("g", "alice", "bob"),
            hello,
            w.send("g", "mallory", "spam"), // not a member: appended, then rejected
            hello, // a retry: a duplicate
            w.send("g", "bob", "m2")));

    ChatEventConsumer consumer =
        new ChatEventConsumer(
            infra.bootstrapServers(),
            iso.topicPrefix() + "push-service",
            iso.topics(),
            new ChatEventConsumer.Listener() {
              @Override
              public void onAccepted(AcceptedEvent event) {
                accepted.add(event);
              }

              @Override
              public void onDuplicate(DuplicateEvent event) {
                duplicates.add(event);
              }

              @Override
              public void onRejected(RejectedEvent event) {
                rejected.add(event);
              }
            });
    Thread consuming = new Thread(consumer::run, "verdict-consumer");
    try (ProjectionWorkers workers =
        Workers.inProcess(Workers.config(infra, iso, "verdicts", Map.of()))) {
      consuming.start();
      await("five verdicts")
          .atMost(Duration.ofSeconds(90))
          .until(() -> accepted.size() + rejected.size() + duplicates.size() == 5);

      assertThat(accepted)
          .extracting(a -> a.event().getClass().getSimpleName())
          .containsExactly("ChatCreated", "MessageSent", "MessageSent");
      assertThat(accepted).extracting(a -> a.event().actorId().value()).doesNotContain("mallory");
      assertThat(accepted.get(2).seq()).hasValue(2);
      assertThat(rejected)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.event().actorId().value()).isEqualTo("mallory");
                assertThat(r.reason()).isEqualTo(Reasons.NOT_MEMBER);
              });
      assertThat(duplicates)
          .singleElement()
          .satisfies(d -> assertThat(d.event().eventId()).isEqualTo(hello.eventId()));

      // A transactional producer writes a copy of an accepted verdict and aborts, then writes
      // the same copy and commits. Both land on one partition (same key), so once the committed
      // copy is delivered the aborted one, at a lower offset, has been passed over.
      AcceptedEvent original = accepted.get(2);
      byte[] copy =
          VERDICTS.serializer().serialize(iso.topics().chatSequenced(), original.sequenced());
      long committedOffset;
      try (KafkaProducer<String, byte[]> tx = transactionalProducer(infra.bootstrapServers())) {
        tx.initTransactions();
        tx.beginTransaction();
        RecordMetadata aborted = send(tx, iso.topics().chatSequenced(), copy);
        tx.flush();
        tx.abortTransaction();
        tx.beginTransaction();
        RecordMetadata committed = send(tx, iso.topics().chatSequenced(), copy);
        tx.commitTransaction();
        assertThat(committed.partition()).isEqualTo(aborted.partition());
        assertThat(committed.offset()).isGreaterThan(aborted.offset());
        committedOffset = committed.offset();
      }
      await("the committed copy").atMost(Duration.ofSeconds(30)).until(() -> accepted.size() == 4);
      assertThat(accepted).hasSize(4);
      assertThat(accepted.get(3).offset()).isEqualTo(committedOffset);
    } finally {
      consumer.close();
      consuming.join(Duration.ofSeconds(10).toMillis());
    }
  }

  private static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "verdict-it-" + UUID.randomUUID(),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, byte[] v)
      throws Exception {
    return producer.send(new ProducerRecord<>(topic, "g", v)).get();
  }
}

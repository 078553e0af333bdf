package io.chatcqrs.reliability.check;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.codec.ChatEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of {@code chat.events.v1} up to its end offsets at the time of reading, decoded, in
 * partition and offset order: the history of record that the checks rebuild the read models from.
 */
public final class TopicSnapshot {
  private final List<Located> events;
  private final Map<String, Located> byPosition = new HashMap<>();
  private final Map<String, Integer> sendsByMessageId = new HashMap<>();
  private final int undecodable;

  private TopicSnapshot(List<Located> events, int undecodable) {
    this.events = List.copyOf(events);
    this.undecodable = undecodable;
    for (Located e : events) {
      byPosition.put(e.partition() + ":" + e.offset(), e);
      if (e.event() instanceof MessageSent sent) {
        sendsByMessageId.merge(sent.messageId().value(), 1, Integer::sum);
      }
    }
  }

  /** An event and where it sits. */
  public record Located(int partition, long offset, ChatEvent event) {}

  /** Reads {@code topic} from the beginning to its current end (read_committed), within 60 s. */
  public static TopicSnapshot read(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      List<Located> events = new ArrayList<>();
      int undecodable = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            events.add(new Located(r.partition(), r.offset(), ChatEventCodec.decode(r.value())));
          } catch (ChatEventCodec.UndecodableEventException e) {
            undecodable++;
          }
        }
      }
      events.sort(
          (a, b) ->
              a.partition() != b.partition()
                  ? Integer.compare(a.partition(), b.partition())
                  : Long.compare(a.offset(), b.offset()));
      return new TopicSnapshot(events, undecodable);
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Every decodable event, partition by partition, in offset order (so each chat in order). */
  public List<Located> events() {
    return events;
  }

  /** The event at that partition and offset. */
  public Optional<Located> at(int partition, long offset) {
    return Optional.ofNullable(byPosition.get(partition + ":" + offset));
  }

  /** How many MessageSent records carry {@code messageId} (retries may append more than one). */
  public int sendsOf(String messageId) {
    return sendsByMessageId.getOrDefault(messageId, 0);
  }

  /**
   * MessageSent records beyond the first per message id: appends whose answer was lost (a 503 or a
   * timeout although the broker had the record) and that a client retry then appended again.
   */
  public int duplicateSends() {
    return sendsByMessageId.values().stream().mapToInt(n -> n - 1).sum();
  }

  /** Records that were not chat events (the command side must never write any). */
  public int undecodable() {
    return undecodable;
  }
}

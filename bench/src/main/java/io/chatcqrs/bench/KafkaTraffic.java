package io.chatcqrs.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures what a phase wrote to the system's topics: the end offsets of every partition before the
 * phase ({@link #mark()}), then {@link #since(Map)} reads every record written from there to the
 * current end and counts it into a {@link TopicTraffic}. The topics are the given ones (a missing
 * one counts 0) and every topic of the projection's Kafka Streams application (its changelogs and
 * repartition topics: names starting with {@code <application id>-}). Records of aborted
 * transactions are counted too (read_uncommitted): they were written.
 */
final class KafkaTraffic implements AutoCloseable {
  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final String applicationPrefix;

  KafkaTraffic(String bootstrap, List<String> topics, String applicationId) {
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrap,
                "isolation.level", "read_uncommitted",
                "enable.auto.commit", "false",
                "max.poll.records", "5000"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    this.topics = List.copyOf(topics);
    this.applicationPrefix = applicationId + "-";
  }

  /** The topics measured that exist now. */
  Set<String> existing() throws Exception {
    return admin.listTopics().names().get().stream()
        .filter(t -> topics.contains(t) || t.startsWith(applicationPrefix))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Every measured partition's end offset now. */
  Map<TopicPartition, Long> mark() throws Exception {
    Set<String> names = existing();
    if (names.isEmpty()) {
      return Map.of();
    }
    Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    described.forEach(
        (name, d) ->
            d.partitions()
                .forEach(
                    p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * Reads what was written to the measured topics since {@code before} (a partition absent from it,
   * a topic created meanwhile, from its start) up to their end offsets now.
   */
  TopicTraffic since(Map<TopicPartition, Long> before) throws Exception {
    Map<TopicPartition, Long> after = mark();
    TopicTraffic traffic = new TopicTraffic();
    Map<TopicPartition, Long> ranges = new HashMap<>();
    after.forEach(
        (tp, end) -> {
          long start = before.getOrDefault(tp, 0L);
          if (end > start) {
            ranges.put(tp, start);
          }
        });
    existing().forEach(topic -> traffic.add(topic, 0, 0));
    if (ranges.isEmpty()) {
      return traffic;
    }
    consumer.assign(ranges.keySet());
    ranges.forEach(consumer::seek);
    Map<TopicPartition, Long> remaining = new HashMap<>(ranges);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!remaining.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not read the phase's records within 5 minutes");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < after.get(tp)) {
          traffic.add(record.topic(), record);
        }
      }
      // a partition is done once the consumer's position passed its end mark (transaction
      // markers take offsets the consumer never returns as records)
      remaining.keySet().removeIf(tp -> consumer.position(tp) >= after.get(tp));
      consumer.pause(ranges.keySet().stream().filter(tp -> !remaining.containsKey(tp)).toList());
    }
    consumer.unsubscribe();
    return traffic;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
    admin.close(Duration.ofSeconds(2));
  }
}

package io.chatcqrs.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a phase wrote to Kafka, per topic: records and their bytes (serialized key + value + every
 * header's key and value), as read back from the log. Batch and protocol overhead, compression and
 * transaction markers are not counted: the figure is what the system chose to write, comparable
 * across group sizes. Topics the phase did not write to (or that do not exist) count 0.
 */
final class TopicTraffic {
  /** Records and bytes of one topic. */
  record Volume(long records, long bytes) {
    static final Volume NONE = new Volume(0, 0);

    Volume plus(Volume other) {
      return new Volume(records + other.records, bytes + other.bytes);
    }
  }

  private final Map<String, Volume> byTopic = new TreeMap<>();

  /** Counts one record read from {@code topic}. */
  void add(String topic, ConsumerRecord<byte[], byte[]> record) {
    add(topic, 1, bytes(record));
  }

  /** Counts {@code records} records of {@code bytes} bytes in all on {@code topic}. */
  void add(String topic, long records, long bytes) {
    byTopic.merge(topic, new Volume(records, bytes), Volume::plus);
  }

  /** A record's bytes: serialized key and value (a null one counts 0) and its headers. */
  static long bytes(ConsumerRecord<byte[], byte[]> record) {
    long size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
    for (Header header : record.headers()) {
      size += header.key().getBytes(StandardCharsets.UTF_8).length;
      size += header.value() == null ? 0 : header.value().length;
    }
    return size;
  }

  /** The topic's volume; {@link Volume#NONE} for a topic never counted. */
  Volume of(String topic) {
    return byTopic.getOrDefault(topic, Volume.NONE);
  }

  /** The sum over the topics {@code family} accepts. */
  Volume sum(java.util.function.Predicate<String> family) {
    return byTopic.entrySet().stream()
        .filter(e -> family.test(e.getKey()))
        .map(Map.Entry::getValue)
        .reduce(Volume.NONE, Volume::plus);
  }

  /** Every topic counted, in name order. */
  Map<String, Volume> topics() {
    return Map.copyOf(byTopic);
  }

  /** Bytes per message on {@code topic}. */
  double bytesPerMessage(String topic, long messages) {
    return (double) of(topic).bytes() / messages;
  }
}

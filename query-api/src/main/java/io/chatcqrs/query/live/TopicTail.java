package io.chatcqrs.query.live;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the query side's topic tails ({@link UserEventFeed}, {@link GroupFeed}) share: a consumer
 * without a group that reads committed records only, and the wait for its topic's partitions.
 */
final class TopicTail {
  private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

  private TopicTail() {}

  /** Consumer settings of a tail: no group, no commits, read_committed, 500 records a poll. */
  static Properties consumerProperties(String bootstrapServers, String clientId) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return properties;
  }

  /**
   * The partitions of {@code topic}, waiting (every 500 ms) until it exists; empty when {@code
   * running} turns false first.
   */
  static List<TopicPartition> awaitPartitions(
      KafkaConsumer<?, ?> kafka, String topic, BooleanSupplier running)
      throws InterruptedException {
    while (running.getAsBoolean()) {
      try {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos != null && !infos.isEmpty()) {
          return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        LOG.warn("waiting for topic {}", topic);
      }
      Thread.sleep(500);
    }
    return List.of();
  }
}

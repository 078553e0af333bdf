package io.chatcqrs.query.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.RoomView;
import io.vertx.core.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's reader of {@code chat.user-events.v1}: a plain consumer without a group that is
 * assigned every partition, reads committed records only and starts at the end (a resume covers
 * what came before, from the inbox). It runs on its own thread, since the Kafka consumer blocks,
 * and hands each batch to the hub's Vert.x context. At most {@code maxInFlight} batches wait on
 * that context; beyond that the thread waits, so a busy event loop slows the feed instead of
 * growing the heap.
 */
public final class UserEventFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UserEventFeed.class);

  private static final long LOOK_BACK = 32;

  private final Properties properties;
  private final String topic;
  private final Context context;
  private final Consumer<Map<Integer, Long>> onStart;
  private final Consumer<List<SseEvent>> onBatch;
  private final Semaphore inFlight;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;

  /**
   * A feed (not started).
   *
   * @param onStart called on {@code context} with the start positions (partition to next offset)
   * @param onBatch called on {@code context} with each batch
   */
  public UserEventFeed(
      String bootstrapServers,
      String topic,
      Context context,
      Consumer<Map<Integer, Long>> onStart,
      Consumer<List<SseEvent>> onBatch) {
    this.properties = TopicTail.consumerProperties(bootstrapServers, "query-api-sse");
    this.topic = topic;
    this.context = context;
    this.onStart = onStart;
    this.onBatch = onBatch;
    this.inFlight = new Semaphore(4);
    this.thread = new Thread(this::run, "user-event-feed");
    thread.setDaemon(true);
  }

  /** Starts the reading thread. */
  public void start() {
    thread.start();
  }

  private void run() {
    try (KafkaConsumer<String, String> kafka =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
      consumer = kafka;
      List<TopicPartition> partitions = TopicTail.awaitPartitions(kafka, topic, () -> running);
      if (partitions.isEmpty()) {
        return;
      }
      kafka.assign(partitions);
      Map<Integer, Long> start = startPositions(kafka, partitions);
      context.runOnContext(v -> onStart.accept(start));
      while (running) {
        ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(250));
        List<SseEvent> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
          SseEvent event = decode(record);
          if (event != null) {
            batch.add(event);
          }
        }
        while (running && !inFlight.tryAcquire(250, TimeUnit.MILLISECONDS)) {
          // the hub's context is behind: wait instead of queueing more batches
        }
        context.runOnContext(
            v -> {
              try {
                onBatch.accept(batch);
              } finally {
                inFlight.release();
              }
            });
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("user-event feed woken up unexpectedly", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("user-event feed stopped", e);
    }
  }

  /**
   * Seeks to the end of every partition and returns, per partition, the offset just above its last
   * data record: with transactions the end offset is often a commit marker, which no projection
   * ever records as applied, so the resume seam must be a real record's offset. The last few
   * records are read (not dispatched) to find it; the consumer then continues from the end.
   */
  private static Map<Integer, Long> startPositions(
      KafkaConsumer<String, String> kafka, List<TopicPartition> partitions) {
    kafka.seekToEnd(partitions);
    Map<TopicPartition, Long> end = new HashMap<>();
    partitions.forEach(partition -> end.put(partition, kafka.position(partition)));
    Map<TopicPartition, Long> begin = kafka.beginningOffsets(partitions);
    Map<Integer, Long> start = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long endOffset = end.get(partition);
      start.put(partition.partition(), endOffset);
      kafka.seek(partition, Math.max(begin.getOrDefault(partition, 0L), endOffset - LOOK_BACK));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline && behind(kafka, partitions, end)) {
      Map<Integer, Long> lastData = new HashMap<>();
      for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(100))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < end.get(partition)) {
          lastData.merge(record.partition(), record.offset(), Math::max);
        }
      }
      lastData.forEach((partition, offset) -> start.put(partition, offset + 1));
    }
    partitions.forEach(partition -> kafka.seek(partition, end.get(partition)));
    return start;
  }

  private static boolean behind(
      KafkaConsumer<String, String> kafka,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition partition : partitions) {
      if (kafka.position(partition) < end.get(partition)) {
        return true;
      }
    }
    return false;
  }

  static SseEvent decode(ConsumerRecord<String, String> record) {
    if (record.key() == null || record.value() == null) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(record.value());
      JsonNode kind = node.get("kind");
      JsonNode data = node.get("data");
      if (kind == null || !kind.isTextual() || data == null || !data.isObject()) {
        return null;
      }
      long time = record.timestamp();
      JsonNode occurred = node.get("occurred_at");
      if (occurred != null && occurred.isTextual()) {
        time = Instant.parse(occurred.asText()).toEpochMilli();
      }
      return new SseEvent(
          record.key(),
          record.partition(),
          record.offset(),
          time,
          kind.asText(),
          data.toString(),
          room(node.get("room"), record));
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping undecodable user event at {}-{}", record.partition(), record.offset());
      return null;
    }
  }

  private static RoomView room(JsonNode node, ConsumerRecord<String, String> record) {
    if (node == null || !node.isObject()) {
      return null;
    }
    try {
      return Json.mapper().treeToValue(node, RoomView.class);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "ignoring the undecodable room of user event {}-{}", record.partition(), record.offset());
      return null;
    }
  }

  /** Stops the thread and closes the consumer; waits up to 5 s. */
  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

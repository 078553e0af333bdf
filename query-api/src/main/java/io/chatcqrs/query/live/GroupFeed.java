package io.chatcqrs.query.live;

import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.GroupEvent;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * This instance's reader of {@code chat.group-events.v1} (live events of large groups, one record
 * per event whatever the group's size): a plain consumer without a group, assigned every partition,
 * reading committed records only, from the end (what came before is covered by the {@code room}
 * events a connection gets on connect). Runs on its own thread and hands each batch to the hub's
 * Vert.x context, at most four batches in flight (as {@link UserEventFeed}). Records {@link
 * FeedProgress} for readiness.
 */
public final class GroupFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupFeed.class);

  private final Properties properties;
  private final String topic;
  private final Context context;
  private final Consumer<List<GroupEvent>> onBatch;
  private final FeedProgress progress;
  private final Semaphore inFlight = new Semaphore(4);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;

  /**
   * A feed (not started).
   *
   * @param onBatch called on {@code context} with each batch
   * @param progress told about the feed's start, rounds and failure
   */
  public GroupFeed(
      String bootstrapServers,
      String topic,
      Context context,
      Consumer<List<GroupEvent>> onBatch,
      FeedProgress progress) {
    this.properties = TopicTail.consumerProperties(bootstrapServers, "query-api-group-feed");
    this.topic = topic;
    this.context = context;
    this.onBatch = onBatch;
    this.progress = progress;
    this.thread = new Thread(this::run, "group-event-feed");
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
      kafka.seekToEnd(partitions);
      partitions.forEach(kafka::position);
      progress.started();
      while (running) {
        ConsumerRecords<String, String> records = kafka.poll(Duration.ofMillis(250));
        List<GroupEvent> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
          GroupEvent event = decode(record);
          if (event != null) {
            batch.add(event);
          }
        }
        while (running && !inFlight.tryAcquire(250, TimeUnit.MILLISECONDS)) {
          // the hub's context is behind: wait instead of queueing more batches
        }
        if (batch.isEmpty()) {
          inFlight.release();
        } else {
          context.runOnContext(
              v -> {
                try {
                  onBatch.accept(batch);
                } finally {
                  inFlight.release();
                }
              });
        }
        progress.round();
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("group-event feed woken up unexpectedly", e);
        progress.failed(e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("group-event feed stopped", e);
      progress.failed(e);
    }
  }

  static GroupEvent decode(ConsumerRecord<String, String> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(record.value(), GroupEvent.class);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("skipping undecodable group event at {}-{}", record.partition(), record.offset());
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

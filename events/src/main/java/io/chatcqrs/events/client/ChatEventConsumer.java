package io.chatcqrs.events.client;

import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.topics.ChatTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Subscribes an internal service to the per-chat stage's verdicts, {@code chat.sequenced.v1}, with
 * the service's own consumer group, and hands it each verdict typed by its outcome, in partition
 * order, with its partition and offset. A lambda listener sees only {@link AcceptedEvent}s, the
 * events that took effect; duplicates and rejections are skipped unless the listener overrides
 * {@link Listener#onDuplicate} or {@link Listener#onRejected}.
 *
 * <p>It never reads {@code chat.events.v1}: that topic holds requests, some of which the per-chat
 * stage rejects (a non-member's message, an edit of someone else's message). Every request is in
 * its verdict verbatim ({@link ChatVerdict#event()}), with its source position.
 *
 * <p>It reads with {@code isolation.level=read_committed}, always: the verdicts are written in
 * Kafka Streams transactions, and an aborted transaction's records (a task that failed over and
 * wrote its verdicts again) are never delivered.
 *
 * <p>Delivery is at least once: offsets are committed after the listener returned for the records
 * of a poll. If the listener throws, the offsets of the records it handled are committed, the
 * consumer closes and {@link #run()} rethrows; the failed record is delivered again on the next
 * start. Records that cannot be decoded go to {@link Listener#onPoison} and are skipped.
 *
 * <pre>{@code
 * var consumer = new ChatEventConsumer("localhost:9092", "push-notifications",
 *     ChatTopics.standard(), accepted -> notify(accepted.event()));
 * executor.submit(consumer::run);
 * // on shutdown, from any thread:
 * consumer.close();
 * }</pre>
 */
public final class ChatEventConsumer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChatEventConsumer.class.getName());
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final String READ_COMMITTED = "read_committed";
  private static final Deserializer<SequencedEvent> VERDICTS =
      new JsonSerde<>(SequencedEvent.class).deserializer();

  private final Supplier<Consumer<String, byte[]>> factory;
  private final String topic;
  private final Listener listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile Consumer<String, byte[]> current;

  /**
   * Receives what the consumer read. Called on the thread that runs {@link #run()}; throwing from
   * any method stops the consumer (see the class comment).
   */
  @FunctionalInterface
  public interface Listener {
    /** An event that took effect: act on it. */
    void onAccepted(AcceptedEvent accepted);

    /** An event that repeated one already accepted; it changed nothing. Ignored by default. */
    default void onDuplicate(DuplicateEvent duplicate) {}

    /** An event the chat's rules refused; it changed nothing. Ignored by default. */
    default void onRejected(RejectedEvent rejected) {}

    /** A record that is not a verdict; it is skipped. By default logged as a warning. */
    default void onPoison(PoisonRecord poison) {
      LOG.log(
          System.Logger.Level.WARNING,
          "skipping undecodable record {0}-{1}@{2}: {3}",
          poison.topic(),
          poison.partition(),
          poison.offset(),
          poison.reason());
    }
  }

  /**
   * A consumer with {@link #defaultConfig} for {@code bootstrapServers} and {@code groupId}.
   *
   * @param groupId the service's own consumer group, e.g. {@code push-notifications}
   */
  public ChatEventConsumer(
      String bootstrapServers, String groupId, ChatTopics topics, Listener listener) {
    this(defaultConfig(bootstrapServers, groupId), topics, listener);
  }

  /**
   * A consumer with {@code config} (which must have {@code bootstrap.servers} and {@code
   * group.id}); see {@link #consumerConfig} for what this class sets itself.
   *
   * @throws IllegalArgumentException if {@code config} asks for {@code read_uncommitted}
   */
  public ChatEventConsumer(Map<String, Object> config, ChatTopics topics, Listener listener) {
    this(kafkaConsumerFactory(config), topics, listener);
  }

  ChatEventConsumer(
      Supplier<Consumer<String, byte[]>> factory, ChatTopics topics, Listener listener) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.topic = topics.chatSequenced();
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The settings this consumer uses by default: manual commits, {@code read_committed}, and {@code
   * auto.offset.reset=earliest} so that a new group starts at the beginning of the history (pass
   * {@code latest} in your own config to start at the end instead).
   *
   * @param groupId the service's own consumer group, e.g. {@code push-notifications}
   */
  public static Map<String, Object> defaultConfig(String bootstrapServers, String groupId) {
    Map<String, Object> config = new HashMap<>();
    config.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
    return config;
  }

  /**
   * The settings the Kafka consumer is created with: {@code config} plus manual commits unless set,
   * {@code isolation.level=read_committed} and this class's key and value deserializers.
   *
   * @throws IllegalArgumentException if {@code config} asks for another isolation level
   */
  public static Map<String, Object> consumerConfig(Map<String, Object> config) {
    Map<String, Object> copy = new HashMap<>(config);
    Object isolation = copy.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
    if (isolation != null && !READ_COMMITTED.equalsIgnoreCase(isolation.toString())) {
      throw new IllegalArgumentException(
          "chat.sequenced.v1 is written in transactions and must be read with "
              + "isolation.level=read_committed, not "
              + isolation);
    }
    copy.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
    copy.putIfAbsent(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    copy.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    copy.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return Map.copyOf(copy);
  }

  /**
   * Decodes one raw record of {@code chat.sequenced.v1}: a {@link ChatVerdict} of its outcome or,
   * for anything else (corrupt bytes, a tombstone, a record that is not a verdict, an event type or
   * outcome newer than this jar), a poison record.
   */
  public static ChatRecord toChatRecord(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return poison(record, "null value");
    }
    try {
      return ChatVerdict.of(
          VERDICTS.deserialize(record.topic(), record.value()),
          record.topic(),
          record.partition(),
          record.offset(),
          record.timestamp());
    } catch (RuntimeException e) {
      return poison(record, "undecodable verdict: " + rootMessage(e));
    }
  }

  /**
   * Subscribes and delivers verdicts until {@link #close()} is called (from another thread), then
   * closes the Kafka consumer. Blocks the calling thread; call it once.
   */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("run() may be called once");
    }
    Consumer<String, byte[]> consumer = factory.get();
    current = consumer;
    try {
      consumer.subscribe(List.of(topic));
      while (!closed.get()) {
        deliver(consumer, consumer.poll(POLL_TIMEOUT));
      }
    } catch (WakeupException e) {
      if (!closed.get()) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  /** Stops {@link #run()}; safe to call from any thread, more than once, or before run. */
  @Override
  public void close() {
    closed.set(true);
    Consumer<String, byte[]> consumer = current;
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  private void deliver(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> handled = new HashMap<>();
    try {
      for (ConsumerRecord<String, byte[]> record : records) {
        ChatRecord decoded = toChatRecord(record);
        if (decoded instanceof AcceptedEvent accepted) {
          listener.onAccepted(accepted);
        } else if (decoded instanceof DuplicateEvent duplicate) {
          listener.onDuplicate(duplicate);
        } else if (decoded instanceof RejectedEvent rejected) {
          listener.onRejected(rejected);
        } else {
          listener.onPoison((PoisonRecord) decoded);
        }
        handled.put(
            new TopicPartition(record.topic(), record.partition()),
            new OffsetAndMetadata(record.offset() + 1));
      }
    } catch (RuntimeException e) {
      commitQuietly(consumer, handled, e);
      throw e;
    }
    if (!handled.isEmpty()) {
      consumer.commitSync(handled);
    }
  }

  private static void commitQuietly(
      Consumer<String, byte[]> consumer,
      Map<TopicPartition, OffsetAndMetadata> handled,
      RuntimeException failure) {
    if (handled.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(handled);
    } catch (RuntimeException commitFailure) {
      failure.addSuppressed(commitFailure);
    }
  }

  private static PoisonRecord poison(ConsumerRecord<String, byte[]> record, String reason) {
    return new PoisonRecord(
        record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static Supplier<Consumer<String, byte[]>> kafkaConsumerFactory(
      Map<String, Object> config) {
    Map<String, Object> effective = consumerConfig(config);
    return () -> new KafkaConsumer<>(effective);
  }
}

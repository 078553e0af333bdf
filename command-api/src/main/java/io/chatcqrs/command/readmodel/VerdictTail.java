package io.chatcqrs.command.readmodel;

import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.platform.health.HealthCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each command-api instance's own reader of {@code chat.sequenced.v1}: read_committed, every
 * partition assigned, no consumer group, starting at the end. Every accepted ChatCreated,
 * MemberJoined and MemberLeft it reads goes to {@link ReadModel#apply}, so a removal reaches every
 * instance's pre-check cache within moments of its verdict, whatever that instance had cached.
 *
 * <p>Freshness: every {@code checkEvery} it asks the broker for the end offsets; once it has read
 * up to the end offsets it saw at time T, it is at most {@code now - T} behind. It is fresh while
 * that lag is at most {@code maxLag}; until its first check, while the broker does not answer, or
 * when it falls behind, it is not, and says so to the read model (which then caches briefly only),
 * on {@code /health/ready} (check {@code verdicts}, not critical: the fallback keeps commands
 * correct) and in the gauges {@code chat_precheck_verdicts_fresh} (1 or 0) and {@code
 * chat_precheck_verdicts_lag_seconds}.
 *
 * <p>Cost: it reads (and decodes) every verdict of every chat, so each instance's network and CPU
 * grow with the system's whole event rate, and a verdict that carries many members is as large to
 * read here as anywhere.
 */
public final class VerdictTail implements HealthCheck, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictTail.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String topic;
  private final ReadModel readModel;
  private final Duration checkEvery;
  private final Duration maxLag;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<SequencedEvent> decoder =
      new JsonSerde<>(SequencedEvent.class).deserializer();
  private final Counter undecodable;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long caughtUpAtNanos;
  private volatile boolean everCaughtUp;
  private volatile String problem = "not started";
  private boolean started;

  /**
   * @param bootstrapServers the Kafka cluster
   * @param topic the {@code chat.sequenced.v1} topic name
   * @param checkEvery how often the end offsets are read
   * @param maxLag how far behind the tail may be and still count as fresh
   */
  public VerdictTail(
      String bootstrapServers,
      String topic,
      ReadModel readModel,
      Duration checkEvery,
      Duration maxLag,
      MeterRegistry registry) {
    this.topic = topic;
    this.readModel = readModel;
    this.checkEvery = checkEvery;
    this.maxLag = maxLag;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "chat-command-api-verdicts");
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
    config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.undecodable =
        Counter.builder("chat_precheck_verdicts_undecodable_total")
            .description("verdicts the pre-check tail could not decode (skipped)")
            .register(registry);
    Gauge.builder("chat_precheck_verdicts_fresh", this, tail -> tail.fresh() ? 1 : 0)
        .description("1 while the pre-check cache follows chat.sequenced.v1 within the bound")
        .register(registry);
    Gauge.builder("chat_precheck_verdicts_lag_seconds", this, VerdictTail::lagSeconds)
        .description("upper bound of how far the pre-check tail is behind chat.sequenced.v1")
        .register(registry);
    this.thread = new Thread(this::run, "command-api-verdict-tail");
    this.thread.setDaemon(true);
  }

  /** Starts reading on the tail's own thread. */
  public synchronized VerdictTail start() {
    started = true;
    thread.start();
    return this;
  }

  /** Whether the tail is at most {@code maxLag} behind. */
  public boolean fresh() {
    return everCaughtUp && System.nanoTime() - caughtUpAtNanos <= maxLag.toNanos();
  }

  @Override
  public String name() {
    return "verdicts";
  }

  @Override
  public boolean critical() {
    return false;
  }

  @Override
  public Future<Void> check() {
    if (fresh()) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(
        everCaughtUp
            ? "behind chat.sequenced.v1 by up to "
                + Duration.ofNanos(System.nanoTime() - caughtUpAtNanos).toMillis()
                + " ms ("
                + problem
                + "); pre-checks cache briefly only"
            : problem + "; pre-checks cache briefly only");
  }

  private double lagSeconds() {
    return everCaughtUp ? (System.nanoTime() - caughtUpAtNanos) / 1e9 : Double.POSITIVE_INFINITY;
  }

  private void run() {
    long backoffMs = 500;
    try {
      while (running) {
        try {
          follow();
          return;
        } catch (WakeupException e) {
          if (running) {
            throw e;
          }
          return;
        } catch (RuntimeException e) {
          // whatever stopped it (a re-created topic, a broker error): start over from the end;
          // the verdicts missed meanwhile are covered by dropping the cache (not fresh)
          problem = "restarting after: " + e;
          readModel.verdictsFresh(false);
          LOG.warn("verdict tail failed, restarting in {} ms", backoffMs, e);
          Thread.sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 10_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  /** Follows every partition from its end until closed; throws on any failure. */
  private void follow() {
    List<TopicPartition> partitions = assign();
    if (partitions == null) {
      return;
    }
    everCaughtUp = false;
    Map<TopicPartition, Long> pendingEnd = null;
    long pendingAt = 0;
    long nextCheck = 0;
    while (running) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        applyRecord(record);
      }
      long now = System.nanoTime();
      if (now >= nextCheck) {
        nextCheck = now + checkEvery.toNanos();
        if (pendingEnd != null && reached(pendingEnd)) {
          caughtUpAtNanos = pendingAt;
          everCaughtUp = true;
          problem = "ok";
        }
        try {
          long asked = System.nanoTime();
          pendingEnd = consumer.endOffsets(partitions, Duration.ofSeconds(1));
          pendingAt = asked;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          problem = "the broker did not answer for the end offsets";
        }
      }
      readModel.verdictsFresh(fresh());
    }
  }

  /** Assigns every partition and seeks to the end; retries until the topic is there. */
  private List<TopicPartition> assign() {
    while (running) {
      try {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        if (!partitions.isEmpty()) {
          consumer.assign(partitions);
          consumer.seekToEnd(partitions);
          partitions.forEach(consumer::position);
          problem = "starting";
          return partitions;
        }
        problem = "topic " + topic + " not found";
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        problem = "cannot reach Kafka for " + topic;
      }
      readModel.verdictsFresh(false);
    }
    return null;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(1)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void applyRecord(ConsumerRecord<String, byte[]> record) {
    SequencedEvent verdict;
    try {
      verdict = decoder.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      undecodable.increment();
      LOG.warn(
          "undecodable verdict at {}-{}@{} skipped: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return;
    }
    if (verdict != null) {
      readModel.apply(verdict);
    }
  }

  /** Stops the thread and closes the consumer. */
  @Override
  public synchronized void close() {
    running = false;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

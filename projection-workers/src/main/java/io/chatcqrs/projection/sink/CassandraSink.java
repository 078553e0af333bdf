package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cassandra sink: a plain Kafka consumer (read_committed, manual commits) of chat.sequenced.v1,
 * chat.room-updates.v1 and chat.user-events.v1 that writes the read models on its own thread.
 *
 * <p>Promises: offsets are committed only after every write of the polled records succeeded, then
 * the projection positions are advanced; writes are idempotent and monotonic ({@link
 * ReadModelWrites}), so a redo after a crash, a rebalance or a failed write changes nothing. While
 * writes are outstanding the consumer is paused (it keeps polling to stay in the group but fetches
 * nothing). When a write fails the sink backs off exponentially, rewinds to the last committed
 * offsets and tries again, so nothing is lost while Cassandra is down. Records that cannot be
 * decoded go to the dead-letter topic and processing continues. Before it consumes anything it
 * resolves the epochs of its topics' incarnations ({@link TopicEpochs}), retrying while Kafka or
 * Cassandra is unavailable; its write timestamps are {@code (epoch << 48) | offset} ({@link
 * WriteTimestamps}).
 *
 * <p>Failures of Kafka or Cassandra never end its thread (the rewind after a failed batch is
 * retried too). Its thread ends only on {@link #close()} or when it must not go on: a sequenced or
 * room-updates topic that carried another incarnation ({@link TopicEpochs.CarrierConflict}), or a
 * topic that was re-created while it ran ({@link TopicIncarnations.Changed}, checked after every
 * assignment, when a partition's offsets go back, and every {@value #VERIFY_EVERY_S} s before a
 * batch is written); then {@link #stoppedUnexpectedly()} is true and {@link #lastFailure()} says
 * why.
 */
public final class CassandraSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CassandraSink.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long VERIFY_EVERY_S = 10;

  /** Failed batches in a row after which the sink is not ready. */
  static final int MAX_FAILURES = 3;

  /** How long one batch may write before the sink is not ready. */
  static final Duration STUCK_AFTER = Duration.ofSeconds(30);

  private final SinkSettings settings;
  private final ProjectionMetrics metrics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final PreparedWrites prepared;
  private final TopicEpochs epochs;
  private final PipelinedWriter writer;
  private final DeadLetters deadLetters;
  private final Thread thread;
  private final SinkProgress progress =
      new SinkProgress(MAX_FAILURES, STUCK_AFTER, System::nanoTime);
  private final Map<TopicPartition, Long> floors = new HashMap<>();
  private volatile boolean running = true;
  private volatile boolean closing;
  private volatile Throwable lastFailure;
  private volatile WriteTimestamps timestamps;
  private boolean started;
  private boolean rewindPending;
  private boolean verifyPending;
  private long verifiedAtNanos;
  private org.apache.kafka.clients.admin.Admin admin;

  /** A sink writing through {@code session}; call {@link #start()} to run it. */
  public CassandraSink(SinkSettings settings, CqlSession session, ProjectionMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.consumer = new KafkaConsumer<>(consumerConfig(settings));
    try {
      this.prepared = new PreparedWrites(session, settings.keyspace());
      metrics.expectCqlWrites(
          PreparedWrites.STATEMENTS.stream().map(SinkStatement::table).distinct().toList());
      this.epochs = new TopicEpochs(session, settings.keyspace());
      this.writer =
          new PipelinedWriter(
              session, settings.maxInFlight(), settings.maxBatchStatements(), metrics);
      this.deadLetters = new DeadLetters(settings);
    } catch (RuntimeException e) {
      // say a migration is missing: preparing fails; do not leave the consumer behind
      consumer.close(Duration.ZERO);
      throw e;
    }
    this.thread = new Thread(this::run, "cassandra-sink-" + settings.groupId());
    this.thread.setDaemon(true);
  }

  /** Starts consuming on the sink's own thread. */
  public synchronized CassandraSink start() {
    started = true;
    thread.start();
    return this;
  }

  /**
   * Whether the sink thread ended although {@link #close()} was not called: it stopped for good
   * ({@link #lastFailure()} says why) and only a restart of the process helps.
   */
  public boolean stoppedUnexpectedly() {
    synchronized (this) {
      if (!started) {
        return false;
      }
    }
    return !closing && !thread.isAlive();
  }

  /**
   * Whether the sink makes progress: its thread runs, it has resolved its epochs, its consumer is
   * assigned, fewer than {@value #MAX_FAILURES} batches in a row failed and no batch has been
   * writing for longer than {@link #STUCK_AFTER}; the detail says what it does or waits for.
   */
  public SinkStatus status() {
    return progress.status(thread.isAlive(), lastFailure);
  }

  /** The most recent failure the sink retried after (or stopped for), or null. */
  public Throwable lastFailure() {
    return lastFailure;
  }

  /**
   * The epochs of the topic incarnations the sink writes timestamps for (logged as {@code
   * chat-events=<epoch>,user-events=<epoch>}), or null until they are resolved at start.
   */
  public String epochs() {
    WriteTimestamps t = timestamps;
    return t == null
        ? null
        : "chat-events=" + t.chatEvents().value() + ",user-events=" + t.userEvents().value();
  }

  private void run() {
    long backoffMs = 100;
    try {
      progress.resolving();
      TopicIncarnations.Resolved resolved = resolveTimestamps();
      if (resolved == null) {
        return; // closed while resolving
      }
      verifiedAtNanos = System.nanoTime();
      SinkBatch batch =
          new SinkBatch(
              settings,
              new ReadModelWrites(
                  resolved.timestamps(),
                  settings.roomTtl(),
                  settings.inboxTtl(),
                  Clock.systemUTC()),
              prepared,
              writer,
              deadLetters,
              metrics);
      progress.consuming();
      consumer.subscribe(
          List.of(
              settings.topics().chatSequenced(),
              settings.topics().roomUpdates(),
              settings.topics().userEvents()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              floors.keySet().removeAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              // a partition may belong to a re-created topic: check before writing its records
              verifyPending = true;
              progress.assigned(true);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              floors.keySet().removeAll(partitions);
              progress.assigned(false);
            }
          });
      while (running) {
        try {
          if (rewindPending) {
            rewindToCommitted();
            rewindPending = false;
          }
          ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
          updateLag();
          if (records.isEmpty()) {
            continue;
          }
          long start = System.nanoTime();
          progress.batchStarted();
          verifyIncarnations(records, resolved);
          Map<TopicPartition, OffsetAndMetadata> offsets = batch.apply(records, this::keepAlive);
          commit(offsets);
          consumer.resume(consumer.assignment());
          metrics.sinkBatch(records.count(), System.nanoTime() - start);
          progress.batchSucceeded();
          backoffMs = 100;
        } catch (WakeupException | TopicIncarnations.Changed e) {
          throw e;
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          // Kafka or Cassandra failed (the batch, its commit or the rewind): wait, rewind, retry
          lastFailure = e;
          progress.batchFailed(e);
          LOG.warn("sink batch failed, retrying in {} ms: {}", backoffMs, e.toString());
          waitKeepingAlive(backoffMs);
          backoffMs = Math.min(backoffMs * 2, settings.maxBackoff().toMillis());
          rewindPending = true;
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      lastFailure = e;
      LOG.error("sink stopped: {}", e.getMessage(), e);
    } finally {
      progress.assigned(false);
      // leave the group, static member or not, so that a successor need not wait for our session
      consumer.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(5)));
      deadLetters.close();
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * Before {@code records} are written: checks that the topics are still the incarnations the
   * epochs were resolved for, after an assignment, when a partition's offsets went back below what
   * this sink committed or rewound to (the log was reset, say because the topic was re-created),
   * and every {@value #VERIFY_EVERY_S} s.
   *
   * @throws TopicIncarnations.Changed if a topic was re-created
   */
  private void verifyIncarnations(
      ConsumerRecords<String, byte[]> records, TopicIncarnations.Resolved resolved)
      throws Exception {
    boolean due =
        verifyPending
            || System.nanoTime() - verifiedAtNanos > TimeUnit.SECONDS.toNanos(VERIFY_EVERY_S);
    for (TopicPartition tp : records.partitions()) {
      Long floor = floors.get(tp);
      if (floor != null && records.records(tp).get(0).offset() < floor) {
        LOG.warn(
            "{} went back from offset {} to {}", tp, floor, records.records(tp).get(0).offset());
        due = true;
      }
    }
    if (!due) {
      return;
    }
    if (admin == null) {
      admin = TopicIncarnations.admin(settings);
    }
    TopicIncarnations.verify(admin, settings, resolved);
    verifyPending = false;
    verifiedAtNanos = System.nanoTime();
  }

  /**
   * Resolves the epochs of the topics before anything is consumed, retrying with back-off while
   * Kafka or Cassandra is unavailable or the topics do not exist yet; null if closed meanwhile.
   */
  private TopicIncarnations.Resolved resolveTimestamps() throws InterruptedException {
    long backoffMs = 100;
    while (running) {
      try {
        if (admin == null) {
          admin = TopicIncarnations.admin(settings);
        }
        TopicIncarnations.Resolved resolved = TopicIncarnations.resolve(admin, settings, epochs);
        timestamps = resolved.timestamps();
        LOG.info("sink {}: write timestamps with epochs {}", settings.groupId(), epochs());
        return resolved;
      } catch (TopicEpochs.CarrierConflict e) {
        throw e;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        lastFailure = e;
        progress.resolveFailed(e);
        LOG.warn("resolving topic epochs failed, retrying in {} ms: {}", backoffMs, e.toString());
        Thread.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, settings.maxBackoff().toMillis());
      }
    }
    return null;
  }

  /**
   * Commits the batch's partitions that this instance still owns, at the consumer's position: past
   * the last record and past any transaction markers after it, so an idle sink shows no lag.
   */
  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    Set<TopicPartition> owned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
    for (TopicPartition tp : offsets.keySet()) {
      if (owned.contains(tp)) {
        long position = Math.max(consumer.position(tp), offsets.get(tp).offset());
        mine.put(tp, new OffsetAndMetadata(position));
      }
    }
    if (!mine.isEmpty()) {
      consumer.commitSync(mine, Duration.ofSeconds(30));
      mine.forEach((tp, om) -> floors.put(tp, om.offset()));
    }
  }

  /**
   * Keeps the consumer in its group while writes are outstanding: pauses every assigned partition
   * and polls, handing back (by seeking) anything a newly assigned partition delivered.
   */
  private void keepAlive() {
    Set<TopicPartition> assigned = consumer.assignment();
    consumer.pause(assigned);
    ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ZERO);
    for (TopicPartition tp : unexpected.partitions()) {
      List<ConsumerRecord<String, byte[]>> rs = unexpected.records(tp);
      consumer.seek(tp, rs.get(0).offset());
      consumer.pause(List.of(tp));
    }
  }

  private void waitKeepingAlive(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (running && System.nanoTime() < deadline) {
      try {
        keepAlive();
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        // Kafka is failing too: the retry after the wait will tell; never end the thread here
        LOG.debug("keeping the consumer alive failed: {}", e.toString());
      }
      Thread.sleep(Math.min(100, millis));
    }
  }

  private void rewindToCommitted() {
    Set<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(assigned, Duration.ofSeconds(30));
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : assigned) {
      OffsetAndMetadata om = committed.get(tp);
      if (om == null) {
        fromStart.add(tp);
        if (floors.containsKey(tp)) {
          // we committed here, and the commit is gone: the topic was probably re-created
          verifyPending = true;
        }
        floors.remove(tp);
      } else {
        consumer.seek(tp, om.offset());
        floors.put(tp, om.offset());
      }
    }
    consumer.seekToBeginning(fromStart);
    consumer.resume(assigned);
  }

  private void updateLag() {
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    metrics.lag(lag);
  }

  /**
   * Stops the sink without committing anything it has not committed yet (a redo after a restart is
   * harmless), leaves the consumer group and waits for its thread to end.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (!started) {
        consumer.close(Duration.ZERO);
        deadLetters.close();
        return;
      }
    }
    closing = true;
    running = false;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Properties consumerConfig(SinkSettings s) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, s.maxPollRecords());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.putAll(s.consumerOverrides());
    return p;
  }

  /** Waits for {@code future}, running {@code keepAlive} every 50 ms meanwhile. */
  static void await(CompletableFuture<?> future, Runnable keepAlive)
      throws InterruptedException, ExecutionException {
    while (true) {
      try {
        future.get(50, TimeUnit.MILLISECONDS);
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        keepAlive.run();
      }
    }
  }
}

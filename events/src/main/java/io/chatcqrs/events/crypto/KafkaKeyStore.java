package io.chatcqrs.events.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * A {@link KeyStore} on the compacted topic {@code chat.keys.v1} ({@link KeyTopic}), shared by
 * every instance of every service with key access. Each instance loads the whole topic into memory
 * at {@link #start} and follows it from then on; the material is on the topic only wrapped with the
 * master key ({@link MasterKeyRing}), and in clear only in memory.
 *
 * <p>Its promises:
 *
 * <ul>
 *   <li>{@link #createIfAbsent} returns the same key to every caller of every instance: creations
 *       race on the topic and the first on the partition wins; a loser tombstones its own record
 *       and returns the winner. A key is returned only once it is on the topic ({@code acks=all}).
 *   <li>{@link #destroy} writes a permanent destruction record, then tombstones the key's records;
 *       this instance answers destroyed as soon as the destruction is acknowledged, the others when
 *       they read it (usually milliseconds). A key id once destroyed is never live again, on any
 *       instance, after any restart or compaction.
 *   <li>{@link #get} of a key this instance does not know first reads the topic to its current end
 *       (bounded by the sync timeout), so a key created anywhere before the record that names it
 *       was written is found.
 *   <li>A key record that does not unwrap with the configured master keys is kept aside: a
 *       re-wrapped record of the same creation replaces it (rotation). If the winning creation of a
 *       key never unwraps, {@link #get} of that key throws {@link IllegalStateException}: a master
 *       key is missing from the configuration, which no reader may paper over.
 * </ul>
 *
 * <p>Memory: every live key (about 100 bytes) and every destroyed id. See docs/privacy.md for what
 * "destroyed" means on the brokers' disks and backups.
 */
public final class KafkaKeyStore implements KeyStore {
  private static final System.Logger LOG = System.getLogger(KafkaKeyStore.class.getName());

  private final String topic;
  private final MasterKeyRing masterKeys;
  private final Duration syncTimeout;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final Map<KeyId, State> states = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> applied = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private final Thread follower;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  /**
   * One creation of a key: its record's offset decides which creation wins. {@code key} is null if
   * the record does not unwrap with the configured master keys.
   */
  private record Candidate(String creation, long offset, DataKey key, String masterId) {}

  /** What is known of one key id; replaced, never mutated. */
  private record State(List<Candidate> candidates, Instant destroyedAt) {
    static final State EMPTY = new State(List.of(), null);
  }

  private KafkaKeyStore(
      Map<String, Object> kafka,
      String topic,
      MasterKeyRing masterKeys,
      Duration syncTimeout,
      Clock clock) {
    this.topic = topic;
    this.masterKeys = masterKeys;
    this.syncTimeout = syncTimeout;
    this.clock = clock;
    Map<String, Object> adminConfig = new HashMap<>(kafka);
    adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "key-store-admin-" + topic);
    this.admin = Admin.create(adminConfig);
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic);
      this.partitions =
          description.partitions().stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admin.close();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      admin.close();
      throw new IllegalStateException(
          "key topic " + topic + " cannot be described (provision it with KeyTopic.spec)", e);
    }
    Map<String, Object> producerConfig = new HashMap<>(kafka);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, syncTimeout.toMillis());
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    Map<String, Object> consumerConfig = new HashMap<>(kafka);
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.follower = new Thread(this::follow, "key-store-follower-" + topic);
    follower.setDaemon(true);
  }

  /**
   * Opens the store on {@code topic}, which must exist ({@link KeyTopic#spec}), and returns once
   * the whole topic is loaded.
   *
   * @param kafka client settings ({@code bootstrap.servers}, security); no group is used
   * @param syncTimeout the bound of every wait for the topic (load, write, catching up)
   */
  public static KafkaKeyStore start(
      Map<String, Object> kafka, String topic, MasterKeyRing masterKeys, Duration syncTimeout) {
    return start(kafka, topic, masterKeys, syncTimeout, Clock.systemUTC());
  }

  /** As {@link #start(Map, String, MasterKeyRing, Duration)}, with a clock for record times. */
  public static KafkaKeyStore start(
      Map<String, Object> kafka,
      String topic,
      MasterKeyRing masterKeys,
      Duration syncTimeout,
      Clock clock) {
    KafkaKeyStore store = new KafkaKeyStore(kafka, topic, masterKeys, syncTimeout, clock);
    store.follower.start();
    try {
      store.syncToEnd();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  @Override
  public DataKey createIfAbsent(KeyId id) {
    KeyLookup known = get(id);
    if (known instanceof KeyLookup.Live live) {
      return live.key();
    }
    if (known instanceof KeyLookup.Destroyed) {
      throw new KeyDestroyedException(id);
    }
    String creation = UUID.randomUUID().toString();
    DataKey key = DataKey.generate(id, random);
    byte[] value =
        KeyRecords.created(
            id, creation, masterKeys.currentId(), masterKeys.wrap(key), clock.instant());
    RecordMetadata written = send(KeyRecords.createdKey(id, creation), id, value);
    syncTo(Map.of(new TopicPartition(topic, written.partition()), written.offset() + 1));
    KeyLookup after = get(id);
    if (after instanceof KeyLookup.Live live && live.key().equals(key)) {
      return key;
    }
    send(KeyRecords.createdKey(id, creation), id, null);
    if (after instanceof KeyLookup.Live live) {
      return live.key();
    }
    throw new KeyDestroyedException(id);
  }

  @Override
  public KeyLookup get(KeyId id) {
    KeyLookup lookup = lookup(id);
    if (lookup instanceof KeyLookup.Absent) {
      syncToEnd();
      return lookup(id);
    }
    return lookup;
  }

  @Override
  public void destroy(KeyId id) {
    syncToEnd();
    List<Candidate> known = states.getOrDefault(id, State.EMPTY).candidates();
    Instant at = clock.instant();
    send(id.value(), id, KeyRecords.destroyed(id, at));
    states.compute(id, (k, old) -> destroyedState(old, at));
    for (Candidate candidate : known) {
      send(KeyRecords.createdKey(id, candidate.creation()), id, null);
    }
  }

  @Override
  public Set<KeyId> destroyed() {
    return ids(true);
  }

  @Override
  public Set<KeyId> live() {
    return ids(false);
  }

  /**
   * Re-wraps every live key that is not wrapped with the current master key, and removes the losing
   * creations of every key; the first step of a master key rotation (docs/privacy.md).
   *
   * @return how many keys were re-wrapped
   */
  public int rewrapAll() {
    syncToEnd();
    int rewrapped = 0;
    for (var entry : Map.copyOf(states).entrySet()) {
      State state = entry.getValue();
      if (state.destroyedAt() != null || state.candidates().isEmpty()) {
        continue;
      }
      KeyId id = entry.getKey();
      Candidate winner = state.candidates().get(0);
      if (winner.key() == null) {
        throw new IllegalStateException(
            "key " + id + " does not unwrap: configure master key " + winner.masterId());
      }
      for (Candidate loser : state.candidates().subList(1, state.candidates().size())) {
        send(KeyRecords.createdKey(id, loser.creation()), id, null);
      }
      if (!winner.masterId().equals(masterKeys.currentId())) {
        byte[] value =
            KeyRecords.created(
                id,
                winner.creation(),
                masterKeys.currentId(),
                masterKeys.wrap(winner.key()),
                clock.instant());
        send(KeyRecords.createdKey(id, winner.creation()), id, value);
        rewrapped++;
      }
    }
    syncToEnd();
    return rewrapped;
  }

  /** The topic this store follows. */
  public String topic() {
    return topic;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      follower.join(syncTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  private KeyLookup lookup(KeyId id) {
    State state = states.get(id);
    if (state == null) {
      return new KeyLookup.Absent(id);
    }
    if (state.destroyedAt() != null) {
      return new KeyLookup.Destroyed(id, state.destroyedAt());
    }
    if (state.candidates().isEmpty()) {
      return new KeyLookup.Absent(id);
    }
    Candidate winner = state.candidates().get(0);
    if (winner.key() == null) {
      throw new IllegalStateException(
          "key "
              + id
              + " is wrapped with master key "
              + winner.masterId()
              + ", which does not unwrap it here (configured: "
              + masterKeys.ids()
              + ")");
    }
    return new KeyLookup.Live(winner.key());
  }

  private Set<KeyId> ids(boolean destroyed) {
    Set<KeyId> ids = new TreeSet<>();
    states.forEach(
        (id, state) -> {
          if (destroyed
              ? state.destroyedAt() != null
              : state.destroyedAt() == null && !state.candidates().isEmpty()) {
            ids.add(id);
          }
        });
    return Set.copyOf(ids);
  }

  private RecordMetadata send(String kafkaKey, KeyId id, byte[] value) {
    int partition = partitionOf(id);
    try {
      return producer
          .send(new ProducerRecord<>(topic, partition, kafkaKey, value))
          .get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing " + id, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("key store cannot write " + id, e);
    }
  }

  /** Every record of one key id goes to one partition, whatever its Kafka key. */
  private int partitionOf(KeyId id) {
    return Utils.toPositive(Utils.murmur2(id.value().getBytes(StandardCharsets.UTF_8)))
        % partitions.size();
  }

  private void syncToEnd() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, Long> targets = new HashMap<>();
    try {
      admin
          .listOffsets(latest)
          .all()
          .get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((p, info) -> targets.put(p, info.offset()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("key store cannot read the end of " + topic, e);
    }
    syncTo(targets);
  }

  private void syncTo(Map<TopicPartition, Long> targets) {
    long deadline = System.nanoTime() + syncTimeout.toNanos();
    synchronized (progress) {
      while (!reached(targets)) {
        if (failure != null) {
          throw new IllegalStateException("key store stopped following " + topic, failure);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          throw new IllegalStateException("key store did not reach " + targets + " in time");
        }
        try {
          progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  private boolean reached(Map<TopicPartition, Long> targets) {
    for (var target : targets.entrySet()) {
      if (applied.getOrDefault(target.getKey(), 0L) < target.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void follow() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
        for (TopicPartition partition : partitions) {
          applied.put(partition, consumer.position(partition));
        }
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.log(System.Logger.Level.ERROR, "key store stopped following " + topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    KeyRecords.KeyRecord decoded;
    try {
      decoded = KeyRecords.decode(record.key(), record.value());
    } catch (IllegalArgumentException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "skipping record " + record.partition() + "@" + record.offset() + " of " + topic,
          e);
      return;
    }
    if (decoded instanceof KeyRecords.Created created) {
      applyCreated(created, record.offset());
    } else if (decoded instanceof KeyRecords.Destroyed destroyed) {
      states.compute(destroyed.keyId(), (k, old) -> destroyedState(old, destroyed.destroyedAt()));
    } else if (decoded instanceof KeyRecords.Removed removed) {
      states.computeIfPresent(
          removed.keyId(),
          (k, old) ->
              new State(
                  old.candidates().stream()
                      .filter(c -> !c.creation().equals(removed.creation()))
                      .toList(),
                  old.destroyedAt()));
    }
  }

  private void applyCreated(KeyRecords.Created created, long offset) {
    DataKey unwrapped;
    try {
      unwrapped = masterKeys.unwrap(created.keyId(), created.masterId(), created.wrapped());
    } catch (SealedTextException e) {
      // Kept as unusable: during a rotation a re-wrapped record of the same creation follows.
      unwrapped = null;
    }
    DataKey key = unwrapped;
    boolean[] afterDestruction = {false};
    states.compute(
        created.keyId(),
        (id, old) -> {
          State state = old == null ? State.EMPTY : old;
          if (state.destroyedAt() != null) {
            afterDestruction[0] = true;
            return state;
          }
          List<Candidate> candidates = new ArrayList<>();
          long firstOffset = offset;
          for (Candidate candidate : state.candidates()) {
            if (candidate.creation().equals(created.creation())) {
              firstOffset = candidate.offset(); // the same creation re-wrapped keeps its place
            } else {
              candidates.add(candidate);
            }
          }
          candidates.add(new Candidate(created.creation(), firstOffset, key, created.masterId()));
          candidates.sort(Comparator.comparingLong(Candidate::offset));
          return new State(List.copyOf(candidates), null);
        });
    if (afterDestruction[0]) {
      // A creation that raced a destruction and whose writer did not clean up: remove it.
      producer.send(
          new ProducerRecord<>(
              topic,
              partitionOf(created.keyId()),
              KeyRecords.createdKey(created.keyId(), created.creation()),
              null));
    }
  }

  private static State destroyedState(State old, Instant at) {
    if (old != null && old.destroyedAt() != null) {
      return old;
    }
    return new State(List.of(), at);
  }
}

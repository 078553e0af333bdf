package io.chatcqrs.projection.sink;

import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.sink.cql.RowWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Applies one polled batch: decodes every record (dead-lettering what cannot be decoded), writes
 * all their rows, then advances the projection positions. Returns the offsets to commit; throws if
 * anything failed, in which case nothing of the batch may be committed.
 */
final class SinkBatch {
  /** Position rows of chat.events.v1 partitions (what command-side position tokens name). */
  static final String CHAT_EVENTS_PROJECTION = ProjectionNames.CHAT_EVENTS;

  /** Position rows of chat.events.v1 partitions whose rooms are written (from room updates). */
  static final String CHAT_ROOMS_PROJECTION = ProjectionNames.CHAT_ROOMS;

  /** Position rows of chat.user-events.v1 partitions (the inbox / SSE seam). */
  static final String USER_EVENTS_PROJECTION = ProjectionNames.USER_EVENTS;

  private final SinkSettings settings;
  private final ReadModelWrites writes;
  private final PreparedWrites prepared;
  private final PipelinedWriter writer;
  private final DeadLetters deadLetters;
  private final ProjectionMetrics metrics;
  private final Deserializer<SequencedEvent> sequenced =
      new JsonSerde<>(SequencedEvent.class).deserializer();
  private final Deserializer<RoomUpdates> roomUpdates =
      new JsonSerde<>(RoomUpdates.class).deserializer();
  private final Deserializer<UserEvent> userEvents =
      new JsonSerde<>(UserEvent.class).deserializer();

  SinkBatch(
      SinkSettings settings,
      ReadModelWrites writes,
      PreparedWrites prepared,
      PipelinedWriter writer,
      DeadLetters deadLetters,
      ProjectionMetrics metrics) {
    this.settings = settings;
    this.writes = writes;
    this.prepared = prepared;
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  Map<TopicPartition, OffsetAndMetadata> apply(
      ConsumerRecords<String, byte[]> records, Runnable keepAlive) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<String, Map<Integer, Long>> positions = new HashMap<>();
    List<KeyedWrite> all = new ArrayList<>();
    String sequencedTopic = settings.topics().chatSequenced();
    String roomsTopic = settings.topics().roomUpdates();
    for (ConsumerRecord<String, byte[]> r : records) {
      offsets.put(
          new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
      try {
        if (r.topic().equals(sequencedTopic)) {
          SequencedEvent s = decode(sequenced, r);
          bind(writes.of(s), all);
          advance(positions, CHAT_EVENTS_PROJECTION, s.source().partition(), s.source().offset());
        } else if (r.topic().equals(roomsTopic)) {
          RoomUpdates u = decode(roomUpdates, r);
          bind(writes.of(u), all);
          advance(positions, CHAT_ROOMS_PROJECTION, u.source().partition(), u.source().offset());
        } else {
          UserEvent e = decode(userEvents, r);
          bind(writes.of(e, r.partition(), r.offset()), all);
          advance(positions, USER_EVENTS_PROJECTION, r.partition(), r.offset());
        }
      } catch (RuntimeException e) {
        metrics.stageEvent("sink", "dead_letter");
        deadLetters.send(r, e.toString());
      }
    }
    CassandraSink.await(writer.submit(all, keepAlive), keepAlive);
    List<KeyedWrite> positionWrites = new ArrayList<>();
    positions.forEach(
        (projection, byPartition) ->
            byPartition.forEach(
                (partition, offset) ->
                    positionWrites.add(
                        prepared.bind(writes.position(projection, partition, offset)))));
    CassandraSink.await(writer.submit(positionWrites, keepAlive), keepAlive);
    long now = System.currentTimeMillis();
    for (ConsumerRecord<String, byte[]> r : records) {
      metrics.freshness(r.timestamp(), now);
      metrics.stageEvent(
          "sink",
          r.topic().equals(sequencedTopic)
              ? "sequenced"
              : r.topic().equals(roomsTopic) ? "room_updates" : "user_event");
    }
    return offsets;
  }

  /** Binds {@code rows} into {@code all}; a row that cannot be bound fails before any is added. */
  private void bind(List<RowWrite> rows, List<KeyedWrite> all) {
    List<KeyedWrite> bound = new ArrayList<>(rows.size());
    for (RowWrite row : rows) {
      bound.add(prepared.bind(row));
    }
    all.addAll(bound);
  }

  private static <T> T decode(Deserializer<T> d, ConsumerRecord<String, byte[]> r) {
    T value = d.deserialize(r.topic(), r.value());
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    return value;
  }

  private static void advance(
      Map<String, Map<Integer, Long>> positions, String projection, int partition, long offset) {
    positions.computeIfAbsent(projection, k -> new HashMap<>()).merge(partition, offset, Math::max);
  }
}

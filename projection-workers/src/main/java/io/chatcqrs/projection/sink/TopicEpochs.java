package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of topic incarnations in a keyspace (table {@code topic_epochs}): which {@link
 * TopicEpoch} the offsets of a topic incarnation (a Kafka topic id) write with.
 *
 * <p>Promises: a topic id keeps the epoch it was registered with, forever; an unknown one gets one
 * more than the highest registered epoch of its source (0 for the first), through a lightweight
 * transaction, so instances starting at the same time agree and two ids never share an epoch. For
 * chat-events, a chat.sequenced.v1 or chat.room-updates.v1 topic (a carrier of the offsets) that
 * already carried another incarnation's offsets is refused ({@link CarrierConflict}): its older
 * records would be stamped with the new epoch.
 */
final class TopicEpochs {
  private static final Logger LOG = LoggerFactory.getLogger(TopicEpochs.class);
  private static final int ATTEMPTS = 10;

  /** A topic incarnation: its name and Kafka topic id. */
  record Incarnation(String topic, String topicId) {}

  /**
   * A carrier (sequenced or room-updates) topic holds records of another chat.events.v1
   * incarnation; not retried.
   */
  static final class CarrierConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CarrierConflict(String message) {
      super(message);
    }
  }

  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement register;
  private final PreparedStatement addCarrier;

  TopicEpochs(CqlSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".topic_epochs";
    this.select =
        session.prepare(
            "SELECT epoch, topic_id, topic, carrier_topic_ids FROM "
                + table
                + " WHERE source = :source");
    this.register =
        session.prepare(
            "INSERT INTO "
                + table
                + " (source, epoch, topic_id, topic, carrier_topic_ids, registered_at)"
                + " VALUES (:source, :epoch, :topic_id, :topic, :carrier_topic_ids,"
                + " :registered_at) IF NOT EXISTS");
    this.addCarrier =
        session.prepare(
            "UPDATE "
                + table
                + " SET carrier_topic_ids = carrier_topic_ids + :carrier_topic_ids"
                + " WHERE source = :source AND epoch = :epoch");
  }

  /**
   * The epoch of {@code incarnation} as the write-timestamp source {@code source}, registering it
   * if it is new.
   *
   * @param carrierTopicId the id of the topic that carries the offsets to the sink, or null when
   *     the sink reads the topic itself
   */
  TopicEpoch resolve(String source, Incarnation incarnation, String carrierTopicId) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<Registered> rows = registered(source);
      Registered own =
          rows.stream()
              .filter(r -> r.topicId().equals(incarnation.topicId()))
              .findFirst()
              .orElse(null);
      int epoch = own != null ? own.epoch() : rows.isEmpty() ? 0 : rows.get(0).epoch() + 1;
      refuseForeignCarrier(source, incarnation, carrierTopicId, rows, epoch);
      if (own != null) {
        if (carrierTopicId != null && !own.carriers().contains(carrierTopicId)) {
          session.execute(
              addCarrier
                  .bind()
                  .setString("source", source)
                  .setInt("epoch", epoch)
                  .setSet("carrier_topic_ids", Set.of(carrierTopicId), String.class));
        }
        return new TopicEpoch(epoch);
      }
      TopicEpoch next = new TopicEpoch(epoch);
      boolean applied =
          session
              .execute(
                  register
                      .bind()
                      .setString("source", source)
                      .setInt("epoch", epoch)
                      .setString("topic_id", incarnation.topicId())
                      .setString("topic", incarnation.topic())
                      .setSet(
                          "carrier_topic_ids",
                          carrierTopicId == null ? Set.of() : Set.of(carrierTopicId),
                          String.class)
                      .setInstant("registered_at", Instant.now())
                      .setSerialConsistencyLevel(DefaultConsistencyLevel.SERIAL))
              .wasApplied();
      if (applied) {
        LOG.info(
            "{}: topic {} (id {}) registered as epoch {}",
            source,
            incarnation.topic(),
            incarnation.topicId(),
            epoch);
        return next;
      }
      // another instance registered this epoch meanwhile (perhaps for the same id): look again
    }
    throw new IllegalStateException(
        "could not register " + incarnation + " in topic_epochs after " + ATTEMPTS + " attempts");
  }

  private static void refuseForeignCarrier(
      String source,
      Incarnation incarnation,
      String carrierTopicId,
      List<Registered> rows,
      int epoch) {
    if (carrierTopicId == null) {
      return;
    }
    for (Registered r : rows) {
      if (r.epoch() != epoch && r.carriers().contains(carrierTopicId)) {
        throw new CarrierConflict(
            source
                + ": topic "
                + incarnation.topic()
                + " (id "
                + incarnation.topicId()
                + ", epoch "
                + epoch
                + ") is carried by a topic (id "
                + carrierTopicId
                + ") that already carried epoch "
                + r.epoch()
                + " (topic "
                + r.topic()
                + "): its records would get the wrong write timestamps. Re-create the derived"
                + " topics with the source topic (docs/operations.md#changing-partition-counts).");
      }
    }
  }

  /** The registered incarnations of {@code source}, highest epoch first, read linearizably. */
  private List<Registered> registered(String source) {
    List<Registered> out = new ArrayList<>();
    for (Row row :
        session.execute(
            select
                .bind()
                .setString("source", source)
                .setConsistencyLevel(DefaultConsistencyLevel.SERIAL))) {
      out.add(
          new Registered(
              row.getInt("epoch"),
              row.getString("topic_id"),
              row.getString("topic"),
              row.getSet("carrier_topic_ids", String.class)));
    }
    return out;
  }

  private record Registered(int epoch, String topicId, String topic, Set<String> carriers) {}
}

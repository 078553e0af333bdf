package io.chatcqrs.projection.sink;

import io.chatcqrs.events.topics.ChatTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the Cassandra sink runs.
 *
 * @param bootstrapServers Kafka
 * @param groupId the sink's consumer group; instances with the same id share the partitions
 * @param topics the topic names (chat.sequenced.v1, chat.room-updates.v1 and chat.user-events.v1
 *     are read)
 * @param keyspace the read models' keyspace
 * @param maxInFlight Cassandra requests in flight at most
 * @param maxPollRecords records per poll (the unit of commit)
 * @param maxBatchStatements statements per unlogged single-partition batch at most
 * @param roomTtl a room's inactivity period before it expires (default 180 days)
 * @param inboxTtl how long an inbox row lives (24 h)
 * @param maxBackoff the longest wait between retries while Cassandra or Kafka fails
 * @param consumerOverrides further consumer settings, which win
 */
public record SinkSettings(
    String bootstrapServers,
    String groupId,
    ChatTopics topics,
    String keyspace,
    int maxInFlight,
    int maxPollRecords,
    int maxBatchStatements,
    Duration roomTtl,
    Duration inboxTtl,
    Duration maxBackoff,
    Map<String, Object> consumerOverrides) {

  /** The default room inactivity period. */
  public static final Duration DEFAULT_ROOM_TTL = Duration.ofDays(180);

  /** The inbox lifetime of the contract. */
  public static final Duration DEFAULT_INBOX_TTL = Duration.ofHours(24);

  /** Checks and copies. */
  public SinkSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(keyspace, "keyspace");
    if (maxInFlight < 1 || maxPollRecords < 1 || maxBatchStatements < 1) {
      throw new IllegalArgumentException("sink sizes must be positive");
    }
    consumerOverrides = Map.copyOf(consumerOverrides);
  }

  /** Defaults for everything but the connection, group, topics and keyspace. */
  public static SinkSettings defaults(
      String bootstrapServers, String groupId, ChatTopics topics, String keyspace) {
    return new SinkSettings(
        bootstrapServers,
        groupId,
        topics,
        keyspace,
        64,
        1000,
        20,
        DEFAULT_ROOM_TTL,
        DEFAULT_INBOX_TTL,
        Duration.ofSeconds(10),
        Map.of());
  }

  /** A copy with another room TTL. */
  public SinkSettings withRoomTtl(Duration ttl) {
    return new SinkSettings(
        bootstrapServers,
        groupId,
        topics,
        keyspace,
        maxInFlight,
        maxPollRecords,
        maxBatchStatements,
        ttl,
        inboxTtl,
        maxBackoff,
        consumerOverrides);
  }

  /** A copy with another consumer group. */
  public SinkSettings withGroupId(String id) {
    return new SinkSettings(
        bootstrapServers,
        id,
        topics,
        keyspace,
        maxInFlight,
        maxPollRecords,
        maxBatchStatements,
        roomTtl,
        inboxTtl,
        maxBackoff,
        consumerOverrides);
  }
}

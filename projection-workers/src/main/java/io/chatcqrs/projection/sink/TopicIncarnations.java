package io.chatcqrs.projection.sink;

import io.chatcqrs.events.topics.ChatTopics;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Finds which incarnations of its topics the sink is about to project (their Kafka topic ids) and
 * turns them into {@link WriteTimestamps} through the {@link TopicEpochs} registry; later {@link
 * #verify verifies} that the topics are still those incarnations.
 */
final class TopicIncarnations {
  private static final long TIMEOUT_S = 20;

  /**
   * The topics were deleted and re-created (new topic ids) after the sink resolved its epochs: its
   * write timestamps would be wrong for the new incarnation. Not retried; a restart resolves anew.
   */
  static final class Changed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Changed(String message) {
      super(message);
    }
  }

  /** Resolved write timestamps and the topic ids (by topic name) they were resolved for. */
  record Resolved(WriteTimestamps timestamps, Map<String, String> topicIds) {}

  private TopicIncarnations() {}

  /**
   * The write timestamps for the topics of {@code settings} as they exist now.
   *
   * @throws TopicEpochs.CarrierConflict if chat.sequenced.v1 or chat.room-updates.v1 carried
   *     another chat.events.v1
   * @throws ExecutionException if Kafka cannot describe the topics (retry later)
   */
  static WriteTimestamps resolve(SinkSettings settings, TopicEpochs epochs)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin(settings)) {
      return resolve(admin, settings, epochs).timestamps();
    }
  }

  /**
   * Like {@link #resolve(SinkSettings, TopicEpochs)}, with the ids resolved for, via {@code admin}.
   */
  static Resolved resolve(Admin admin, SinkSettings settings, TopicEpochs epochs)
      throws InterruptedException, ExecutionException, TimeoutException {
    ChatTopics t = settings.topics();
    Map<String, String> ids = topicIds(admin, watched(t));
    TopicEpoch chat =
        epochs.resolve(
            SinkBatch.CHAT_EVENTS_PROJECTION,
            new TopicEpochs.Incarnation(t.chatEvents(), ids.get(t.chatEvents())),
            ids.get(t.chatSequenced()));
    // chat.room-updates.v1 carries the same chat.events.v1 offsets: register it as a carrier too,
    // so that a room-updates topic left over from another incarnation is refused the same way
    epochs.resolve(
        SinkBatch.CHAT_EVENTS_PROJECTION,
        new TopicEpochs.Incarnation(t.chatEvents(), ids.get(t.chatEvents())),
        ids.get(t.roomUpdates()));
    TopicEpoch user =
        epochs.resolve(
            SinkBatch.USER_EVENTS_PROJECTION,
            new TopicEpochs.Incarnation(t.userEvents(), ids.get(t.userEvents())),
            null);
    return new Resolved(new WriteTimestamps(chat, user), Map.copyOf(ids));
  }

  /**
   * Describes the topics again and compares their ids with {@code resolved}'s.
   *
   * @throws Changed if any topic has another id now
   * @throws ExecutionException if Kafka cannot describe them (say a topic is being re-created)
   */
  static void verify(Admin admin, SinkSettings settings, Resolved resolved)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, String> now = topicIds(admin, watched(settings.topics()));
    for (Map.Entry<String, String> e : resolved.topicIds().entrySet()) {
      String current = now.get(e.getKey());
      if (!e.getValue().equals(current)) {
        throw new Changed(
            "topic "
                + e.getKey()
                + " was re-created while the sink ran (id "
                + e.getValue()
                + ", now "
                + current
                + "): its write timestamps "
                + resolved.timestamps()
                + " belong to the old incarnation; stopping so that a restart resolves the epoch"
                + " of the new one");
      }
    }
  }

  /** An admin client with the sink's connection settings. */
  static Admin admin(SinkSettings settings) {
    return Admin.create(adminConfig(settings));
  }

  private static List<String> watched(ChatTopics t) {
    return List.of(t.chatEvents(), t.chatSequenced(), t.roomUpdates(), t.userEvents());
  }

  private static Map<String, String> topicIds(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
    Map<String, String> ids = new java.util.HashMap<>();
    descriptions.forEach((name, d) -> ids.put(name, d.topicId().toString()));
    return ids;
  }

  /** The connection settings of the sink's consumer that an admin client understands. */
  private static Properties adminConfig(SinkSettings s) {
    Properties p = new Properties();
    s.consumerOverrides()
        .forEach(
            (key, value) -> {
              if (AdminClientConfig.configNames().contains(key)) {
                p.put(key, value);
              }
            });
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    return p;
  }
}

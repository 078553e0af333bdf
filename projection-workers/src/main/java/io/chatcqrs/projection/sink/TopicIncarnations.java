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
 * turns them into {@link WriteTimestamps} through the {@link TopicEpochs} registry.
 */
final class TopicIncarnations {
  private static final long TIMEOUT_S = 20;

  private TopicIncarnations() {}

  /**
   * The write timestamps for the topics of {@code settings} as they exist now.
   *
   * @throws TopicEpochs.CarrierConflict if chat.sequenced.v1 carried another chat.events.v1
   * @throws ExecutionException if Kafka cannot describe the topics (retry later)
   */
  static WriteTimestamps resolve(SinkSettings settings, TopicEpochs epochs)
      throws InterruptedException, ExecutionException, TimeoutException {
    ChatTopics t = settings.topics();
    Map<String, String> ids =
        topicIds(settings, List.of(t.chatEvents(), t.chatSequenced(), t.userEvents()));
    TopicEpoch chat =
        epochs.resolve(
            SinkBatch.CHAT_EVENTS_PROJECTION,
            new TopicEpochs.Incarnation(t.chatEvents(), ids.get(t.chatEvents())),
            ids.get(t.chatSequenced()));
    TopicEpoch user =
        epochs.resolve(
            SinkBatch.USER_EVENTS_PROJECTION,
            new TopicEpochs.Incarnation(t.userEvents(), ids.get(t.userEvents())),
            null);
    return new WriteTimestamps(chat, user);
  }

  private static Map<String, String> topicIds(SinkSettings settings, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(adminConfig(settings))) {
      Map<String, TopicDescription> descriptions =
          admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
      Map<String, String> ids = new java.util.HashMap<>();
      descriptions.forEach((name, d) -> ids.put(name, d.topicId().toString()));
      return ids;
    }
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

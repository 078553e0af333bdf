package io.chatcqrs.projection.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.infra.provision.TopicDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The epoch registry against real Kafka topic ids and a real Cassandra (LWT). */
@ExtendWith(ChatInfraExtension.class)
class TopicEpochsIT {

  @Test
  void a_deleted_and_recreated_topic_set_gets_the_next_epoch_and_keeps_it(ChatInfra infra)
      throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    SinkSettings settings =
        SinkSettings.defaults(infra.bootstrapServers(), "g", iso.topics(), iso.keyspace());
    TopicEpochs epochs = new TopicEpochs(infra.session(), iso.keyspace());

    WriteTimestamps first = TopicIncarnations.resolve(settings, epochs);
    WriteTimestamps again = TopicIncarnations.resolve(settings, epochs);
    recreate(
        infra,
        iso.topics(),
        iso.topics().chatEvents(),
        iso.topics().chatSequenced(),
        iso.topics().roomUpdates());
    WriteTimestamps afterChatEvents = TopicIncarnations.resolve(settings, epochs);
    recreate(infra, iso.topics(), iso.topics().userEvents());
    WriteTimestamps afterUserEvents = TopicIncarnations.resolve(settings, epochs);

    assertThat(first).isEqualTo(WriteTimestamps.FIRST);
    assertThat(again).isEqualTo(first);
    assertThat(afterChatEvents).isEqualTo(new WriteTimestamps(new TopicEpoch(1), TopicEpoch.FIRST));
    assertThat(afterUserEvents)
        .isEqualTo(new WriteTimestamps(new TopicEpoch(1), new TopicEpoch(1)));
    assertThat(
            infra
                .session()
                .execute("SELECT source, epoch, topic FROM " + iso.keyspace() + ".topic_epochs")
                .all()
                .stream()
                .map(r -> r.getString(0) + "/" + r.getInt(1) + "/" + r.getString(2))
                .toList())
        .containsExactlyInAnyOrder(
            "chat-events/0/" + iso.topics().chatEvents(),
            "chat-events/1/" + iso.topics().chatEvents(),
            "user-events/0/" + iso.topics().userEvents(),
            "user-events/1/" + iso.topics().userEvents());
  }

  @Test
  void instances_registering_the_same_new_topic_at_once_agree_on_one_epoch(ChatInfra infra)
      throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    SinkSettings settings =
        SinkSettings.defaults(infra.bootstrapServers(), "g", iso.topics(), iso.keyspace());
    TopicIncarnations.resolve(settings, new TopicEpochs(infra.session(), iso.keyspace()));
    recreate(
        infra,
        iso.topics(),
        iso.topics().chatEvents(),
        iso.topics().chatSequenced(),
        iso.topics().roomUpdates());

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<WriteTimestamps>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<WriteTimestamps> resolve =
            () ->
                TopicIncarnations.resolve(
                    settings, new TopicEpochs(infra.session(), iso.keyspace()));
        results.add(pool.submit(resolve));
      }
      for (Future<WriteTimestamps> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS).chatEvents()).isEqualTo(new TopicEpoch(1));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            infra
                .session()
                .execute(
                    "SELECT epoch FROM "
                        + iso.keyspace()
                        + ".topic_epochs WHERE source = 'chat-events'")
                .all())
        .hasSize(2);
  }

  @Test
  void a_sequenced_or_room_updates_topic_that_carried_the_previous_chat_events_is_refused(
      ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    SinkSettings settings =
        SinkSettings.defaults(infra.bootstrapServers(), "g", iso.topics(), iso.keyspace());
    TopicEpochs epochs = new TopicEpochs(infra.session(), iso.keyspace());
    TopicIncarnations.resolve(settings, epochs);

    recreate(infra, iso.topics(), iso.topics().chatEvents());

    assertThatThrownBy(() -> TopicIncarnations.resolve(settings, epochs))
        .isInstanceOf(TopicEpochs.CarrierConflict.class)
        .hasMessageContaining("already carried epoch 0")
        .hasMessageContaining("docs/operations.md");
    recreate(infra, iso.topics(), iso.topics().chatSequenced());
    // chat.room-updates.v1 carries the same offsets: still refused until it is re-created too
    assertThatThrownBy(() -> TopicIncarnations.resolve(settings, epochs))
        .isInstanceOf(TopicEpochs.CarrierConflict.class)
        .hasMessageContaining(iso.topics().chatEvents())
        .hasMessageContaining("already carried epoch 0");
    recreate(infra, iso.topics(), iso.topics().roomUpdates());
    assertThat(TopicIncarnations.resolve(settings, epochs).chatEvents())
        .isEqualTo(new TopicEpoch(1));
  }

  /** Deletes {@code names} and provisions them again: new topic ids, offsets from 0. */
  private static void recreate(ChatInfra infra, ChatTopics topics, String... names)
      throws Exception {
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      admin.deleteTopics(List.of(names)).all().get(30, TimeUnit.SECONDS);
      await("deleted " + List.of(names))
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                      .noneMatch(List.of(names)::contains));
    }
    await("re-created " + List.of(names))
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                Provisioner.provisionTopics(
                            infra.bootstrapServers(), topics.prefix(), TopicDefaults.LOCAL)
                        .created()
                        .size()
                    == names.length);
  }
}

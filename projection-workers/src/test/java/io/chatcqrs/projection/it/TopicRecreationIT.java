package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.infra.provision.TopicDefaults;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.app.ProjectionWorkers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A chat moved to a new topic set (12 partitions instead of 6, the migration procedure of
 * docs/operations.md) that writes into the same keyspace: its events have lower offsets there than
 * the rows the old topics left in Cassandra, and must still update them. A replay of the new topics
 * writes the same timestamps.
 */
@ExtendWith(ChatInfraExtension.class)
class TopicRecreationIT {
  private static final long EPOCH_1 = 1L << 48;
  private static final int NOISE = 150;

  @Test
  void events_of_a_replacing_topic_update_rows_of_the_old_one_and_replays_are_idempotent(
      ChatInfra infra) throws Exception {
    CqlSession s = infra.session();
    ChatInfra.Isolation old = infra.isolate();
    String ks = old.keyspace();
    String chat = "c1";
    String noise = chatInSamePartition(chat, ChatTopics.DEFAULT_PARTITIONS);
    Workload w = new Workload(Instant.now());
    MessageId first = Workload.messageId(chat, "alice", "m1");

    // the old topics: the chat's events come after many others in its partition (high offsets)
    List<ChatEvent> before = new ArrayList<>();
    before.add(w.group(noise, "alice", "bob"));
    for (int i = 0; i < NOISE; i++) {
      before.add(w.send(noise, "alice", "n" + i));
    }
    List<ChatEvent> chatEvents =
        List.of(
            w.group(chat, "alice", "bob"),
            w.send(chat, "alice", "m1"),
            w.send(chat, "alice", "m2"));
    before.addAll(chatEvents);
    try (ProjectionWorkers workers =
        Workers.inProcess(Workers.config(infra, old, "old", Map.of()))) {
      Workers.produce(infra.bootstrapServers(), old.topics().chatEvents(), before);
      await("the old topics projected")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> total(s, ks, "bob") == NOISE + 2 && lastSeq(s, ks, chat) == 2);
    }
    assertThat(
            writetime(
                s, "SELECT writetime(last_seq) FROM " + ks + ".chats WHERE chat_id = ?", chat))
        .as("epoch 0 writes the offset itself")
        .isGreaterThan(NOISE)
        .isLessThan(EPOCH_1);

    // the new topic set, 12 partitions, into the same keyspace: the chat's history copied, then
    // new activity, all at offsets below the old ones
    String prefix = infra.newTopicPrefix();
    Provisioner.provisionTopics(infra.bootstrapServers(), prefix, TopicDefaults.LOCAL, 12);
    ChatInfra.Isolation fresh = new ChatInfra.Isolation(prefix, ks, ChatTopics.withPrefix(prefix));
    Workers.produce(infra.bootstrapServers(), fresh.topics().chatEvents(), chatEvents);
    Map<Integer, Long> last;
    try (ProjectionWorkers workers =
        Workers.inProcess(Workers.config(infra, fresh, "fresh", Map.of()))) {
      last =
          Workers.produce(
              infra.bootstrapServers(),
              fresh.topics().chatEvents(),
              List.of(
                  w.edit(chat, "alice", first, "edited after the move"),
                  w.send(chat, "alice", "m3")));
      await("the new activity is visible, not shadowed by the old rows")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(messageText(s, ks, chat, 1)).isEqualTo("edited after the move");
                assertThat(lastSeq(s, ks, chat)).isEqualTo(3);
                Row room =
                    s.execute(
                            "SELECT last_seq, last_text FROM "
                                + ks
                                + ".rooms_by_user WHERE user_id = 'bob' AND chat_id = ?",
                            chat)
                        .one();
                assertThat(room.getLong(0)).isEqualTo(3);
                assertThat(room.getString(1)).isEqualTo("text m3");
                assertThat(roomOrder(s, ks, "bob", chat))
                    .as("one order row for the room")
                    .hasSize(1);
                assertThat(total(s, ks, "bob")).isEqualTo(3);
              });
    }
    assertThat(last).hasSize(1);
    long m3Offset = last.values().iterator().next();
    assertThat(m3Offset).isLessThan(NOISE);
    assertThat(epochs(s, ks))
        .containsExactlyInAnyOrder(
            "chat-events/0/" + old.topics().chatEvents(),
            "chat-events/1/" + fresh.topics().chatEvents(),
            "user-events/0/" + old.topics().userEvents(),
            "user-events/1/" + fresh.topics().userEvents());
    String chatsTs = "SELECT writetime(last_seq) FROM " + ks + ".chats WHERE chat_id = ?";
    assertThat(writetime(s, chatsTs, chat)).isEqualTo(EPOCH_1 | m3Offset);

    // a replay of the new topics (a new sink group) writes exactly the same timestamps: cells set
    // one microsecond below, with values that win ties, are overwritten and end at the same time
    Map<String, Long> writetimes = writetimes(s, ks, chat);
    long textTs = writetimes.get("text");
    long totalTs = writetimes.get("total");
    assertThat(totalTs >>> 48).isEqualTo(1);
    s.execute(
        "UPDATE "
            + ks
            + ".messages_by_chat USING TIMESTAMP ? SET text = '~marker'"
            + " WHERE chat_id = ? AND bucket = 0 AND seq = 1",
        textTs - 1,
        chat);
    s.execute(
        "UPDATE "
            + ks
            + ".user_totals USING TIMESTAMP ? SET total_unread = 999999"
            + " WHERE user_id = 'bob'",
        totalTs - 1);
    Map<String, Object> replay = new HashMap<>();
    replay.put("projection.streams.enabled", "false");
    replay.put("projection.sink.group.id", prefix + "sink-replay");
    try (ProjectionWorkers replaying =
        Workers.inProcess(Workers.config(infra, fresh, "replay", replay))) {
      await("the replay consumed everything")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> consumedAll(infra, prefix + "sink-replay", fresh.topics()));
    }
    assertThat(messageText(s, ks, chat, 1)).isEqualTo("edited after the move");
    assertThat(total(s, ks, "bob")).isEqualTo(3);
    assertThat(writetimes(s, ks, chat)).isEqualTo(writetimes);
  }

  /** A chat id other than {@code chat} that the default partitioner puts in the same partition. */
  private static String chatInSamePartition(String chat, int partitions) {
    int target = partition(chat, partitions);
    for (int i = 0; ; i++) {
      String candidate = "noise" + i;
      if (partition(candidate, partitions) == target) {
        return candidate;
      }
    }
  }

  private static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static long lastSeq(CqlSession s, String ks, String chat) {
    Row row = s.execute("SELECT last_seq FROM " + ks + ".chats WHERE chat_id = ?", chat).one();
    return row == null ? -1 : row.getLong(0);
  }

  private static long total(CqlSession s, String ks, String user) {
    Row row =
        s.execute("SELECT total_unread FROM " + ks + ".user_totals WHERE user_id = ?", user).one();
    return row == null ? -1 : row.getLong(0);
  }

  private static String messageText(CqlSession s, String ks, String chat, long seq) {
    Row row =
        s.execute(
                "SELECT text FROM "
                    + ks
                    + ".messages_by_chat WHERE chat_id = ? AND bucket = 0"
                    + " AND seq = ?",
                chat,
                seq)
            .one();
    return row == null ? null : row.getString(0);
  }

  private static List<Instant> roomOrder(CqlSession s, String ks, String user, String chat) {
    return s
        .execute(
            "SELECT last_activity_at, chat_id FROM " + ks + ".room_order_by_user WHERE user_id = ?",
            user)
        .all()
        .stream()
        .filter(r -> chat.equals(r.getString(1)))
        .map(r -> r.getInstant(0))
        .toList();
  }

  private static long writetime(CqlSession s, String cql, Object... values) {
    return s.execute(cql, values).one().getLong(0);
  }

  /** The write times of the cells both topics' rows carry, by name. */
  private static Map<String, Long> writetimes(CqlSession s, String ks, String chat) {
    Map<String, Long> out = new HashMap<>();
    out.put(
        "text",
        writetime(
            s,
            "SELECT writetime(text) FROM "
                + ks
                + ".messages_by_chat WHERE chat_id = ?"
                + " AND bucket = 0 AND seq = 1",
            chat));
    out.put(
        "chat",
        writetime(s, "SELECT writetime(last_seq) FROM " + ks + ".chats WHERE chat_id = ?", chat));
    out.put(
        "room",
        writetime(
            s,
            "SELECT writetime(last_seq) FROM "
                + ks
                + ".rooms_by_user WHERE user_id = 'bob'"
                + " AND chat_id = ?",
            chat));
    out.put(
        "member",
        writetime(
            s,
            "SELECT writetime(last_read_seq) FROM "
                + ks
                + ".members_by_chat WHERE chat_id = ?"
                + " AND user_id = 'bob'",
            chat));
    out.put(
        "total",
        writetime(
            s,
            "SELECT writetime(total_unread) FROM " + ks + ".user_totals WHERE user_id = ?",
            "bob"));
    for (Row r :
        s.execute(
            "SELECT projection, event_partition, applied_offset, writetime(applied_offset) FROM "
                + ks
                + ".projection_positions WHERE projection IN ('chat-events', 'user-events')")) {
      out.put(r.getString(0) + "/" + r.getInt(1) + "@" + r.getLong(2), r.getLong(3));
    }
    return out;
  }

  private static List<String> epochs(CqlSession s, String ks) {
    return s.execute("SELECT source, epoch, topic FROM " + ks + ".topic_epochs").all().stream()
        .map(r -> r.getString(0) + "/" + r.getInt(1) + "/" + r.getString(2))
        .toList();
  }

  /** Whether {@code group} committed, on every non-empty partition it reads, the end offset. */
  private static boolean consumedAll(ChatInfra infra, String group, ChatTopics topics)
      throws Exception {
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      var committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
      for (var d :
          admin
              .describeTopics(List.of(topics.chatSequenced(), topics.userEvents()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .values()) {
        d.partitions()
            .forEach(
                p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      var ends =
          admin
              .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(30, TimeUnit.SECONDS);
      for (var e : ends.entrySet()) {
        long end = e.getValue().offset();
        var c = committed.get(e.getKey());
        if (end > 0 && (c == null || c.offset() < end)) {
          return false;
        }
      }
      return true;
    }
  }
}

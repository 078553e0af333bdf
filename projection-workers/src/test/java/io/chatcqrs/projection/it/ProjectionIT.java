package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.infra.process.ChildJvm;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.app.ProjectionWorkers;
import io.chatcqrs.projection.testkit.ReadModelCheck;
import io.chatcqrs.projection.testkit.ReferenceModel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The projection on a real Kafka and Cassandra: a random workload of 10,000+ events over 100 chats
 * and 120 users, processed by two worker instances of which one is killed abruptly mid-stream, must
 * leave every read model equal to the reference model; so must a replay of the topics from offset 0
 * into the same tables; and room rows expire after their TTL. The fan-out threshold is set low
 * ({@value #FANOUT_READ_THRESHOLD}) so that the workload has groups in both modes, groups READ from
 * their creation and groups that switch mid-stream.
 */
@ExtendWith(ChatInfraExtension.class)
class ProjectionIT {
  private static final int USERS = 120;
  private static final int CHATS = 100;
  private static final int EVENTS = 10_500;
  private static final int MAX_GROUP_MEMBERS = 1000;
  static final int FANOUT_READ_THRESHOLD = 4;

  @Test
  void read_models_match_the_reference_after_a_kill_and_after_a_replay(ChatInfra infra)
      throws Exception {
    long t0 = System.nanoTime();
    ChatInfra.Isolation iso = infra.isolate();
    ReferenceModel ref = new ReferenceModel(MAX_GROUP_MEMBERS, FANOUT_READ_THRESHOLD);
    WorkloadGenerator generator = new WorkloadGenerator(42, ref, USERS, CHATS);
    List<ChatEvent> events = generator.generate(EVENTS);
    ReadModelCheck check = new ReadModelCheck(infra.session(), iso.keyspace());
    assertThat(ref.notAccepted)
        .as("rejected and duplicate events in the workload")
        .isGreaterThan(500);
    assertThat(ref.chats.values().stream().filter(c -> c.lastSeq > 10)).hasSizeGreaterThan(90);
    assertThat(ref.roomsByUser()).hasSizeGreaterThan(100);
    assertThat(ref.chats.values().stream().filter(c -> c.fanOut == FanOutMode.READ))
        .as("groups above the fan-out threshold")
        .hasSizeGreaterThan(20);
    assertThat(
            ref.chats.values().stream()
                .filter(c -> c.type == ChatType.GROUP && c.fanOut == FanOutMode.WRITE))
        .as("groups at or below the fan-out threshold")
        .hasSizeGreaterThan(20);
    assertThat(
            ref.chats.keySet().stream()
                .filter(
                    id ->
                        ref.fanOut(id) == FanOutMode.READ
                            && generator.createdSize(id) <= FANOUT_READ_THRESHOLD))
        .as("groups that switched from WRITE to READ mid-stream")
        .hasSizeGreaterThan(5);
    String sinkGroup = iso.topicPrefix() + "sink";

    ProjectionWorkers survivor = null;
    ChildJvm victim = null;
    try {
      survivor = Workers.inProcess(Workers.config(infra, iso, "a", fanOut()));
      victim =
          Workers.childProcess(Workers.config(infra, iso, "b", fanOut()), iso.topicPrefix() + "b");
      ChildJvm child = victim;
      await("both sink instances share the partitions")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(child.isAlive()).as("child alive: " + child.logTail(20)).isTrue();
                assertThat(members(infra, sinkGroup)).hasSize(2).allMatch(n -> n > 0);
              });

      int half = events.size() / 2;
      Workers.produce(infra.bootstrapServers(), iso.topics().chatEvents(), events.subList(0, half));
      await("projection under way")
          .atMost(Duration.ofSeconds(60))
          .until(() -> appliedEvents(infra.session(), iso.keyspace()) > 0);
      victim.kill();
      Map<Integer, Long> last =
          Workers.produce(
              infra.bootstrapServers(),
              iso.topics().chatEvents(),
              events.subList(half, events.size()));

      await("the survivor took over every partition")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(members(infra, sinkGroup)).hasSize(1));
      awaitConverged(infra, iso, last, check, ref);
      System.out.printf(
          "ProjectionIT: %d events, kill + takeover, converged after %d s%n",
          events.size(), (System.nanoTime() - t0) / 1_000_000_000);

      long inboxRows = inboxRows(infra.session(), iso.keyspace());
      assertThat(inboxRows).isPositive();
      survivor.close();
      survivor = null;

      long replayStart = System.nanoTime();
      Map<String, Object> replay = new HashMap<>(fanOut());
      replay.put("projection.streams.enabled", "false");
      replay.put("projection.sink.group.id", iso.topicPrefix() + "sink-replay");
      survivor = Workers.inProcess(Workers.config(infra, iso, "c", replay));
      awaitReplayed(infra, iso, replayStart);
      assertThat(check.differences(ref, userIds())).isEmpty();
      assertThat(inboxRows(infra.session(), iso.keyspace())).isEqualTo(inboxRows);
      System.out.printf(
          "ProjectionIT: replay from offset 0 took %d s%n",
          (System.nanoTime() - replayStart) / 1_000_000_000);
    } finally {
      if (victim != null) {
        victim.kill();
      }
      if (survivor != null) {
        survivor.close();
      }
    }
  }

  @Test
  void room_rows_expire_after_the_room_ttl_while_the_chat_stays(ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> cfg =
        Workers.config(infra, iso, "ttl", Map.of("projection.room-ttl", "PT12S"));
    CqlSession s = infra.session();
    String ks = iso.keyspace();
    try (ProjectionWorkers workers = Workers.inProcess(cfg)) {
      Workload warmUp = new Workload(Instant.now());
      Workers.produce(
          infra.bootstrapServers(), iso.topics().chatEvents(), List.of(warmUp.group("warm", "w1")));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  s.execute("SELECT chat_id FROM " + ks + ".chats WHERE chat_id = 'warm'").one()
                      != null);

      Workload w = new Workload(Instant.now());
      Workers.produce(
          infra.bootstrapServers(),
          iso.topics().chatEvents(),
          List.of(w.group("short", "alice", "bob"), w.send("short", "alice", "hello")));
      String room =
          "SELECT chat_id FROM "
              + ks
              + ".rooms_by_user WHERE user_id = 'bob' AND chat_id = 'short'";
      String order = "SELECT chat_id FROM " + ks + ".room_order_by_user WHERE user_id = 'bob'";
      await("room written")
          .atMost(Duration.ofSeconds(10))
          .until(() -> s.execute(room).one() != null);
      assertThat(s.execute(order).all()).hasSize(1);
      await("room expired")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> s.execute(room).one() == null && s.execute(order).one() == null);
      assertThat(
              s.execute("SELECT last_seq FROM " + ks + ".chats WHERE chat_id = 'short'")
                  .one()
                  .getLong(0))
          .isEqualTo(1);
    }
  }

  /**
   * The projection's group limits as the reference model assumes them: {@code
   * chat.max-group-members} and the fan-out threshold set low so the workload has groups on both
   * sides ({@link Workers#FANOUT_READ_THRESHOLD}).
   */
  private static Map<String, Object> fanOut() {
    return Map.of(
        Workers.MAX_GROUP_MEMBERS,
        Integer.toString(MAX_GROUP_MEMBERS),
        Workers.FANOUT_READ_THRESHOLD,
        Integer.toString(FANOUT_READ_THRESHOLD));
  }

  private static void awaitConverged(
      ChatInfra infra,
      ChatInfra.Isolation iso,
      Map<Integer, Long> last,
      ReadModelCheck check,
      ReferenceModel ref) {
    await("chat-events positions reach the produced offsets")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(positions(infra.session(), iso.keyspace(), "chat-events"))
                    .isEqualTo(last));
    await("every read model equals the reference")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(check.differences(ref, userIds())).isEmpty());
  }

  /** A replay is done when the replaying group has no lag left on either topic. */
  private static void awaitReplayed(ChatInfra infra, ChatInfra.Isolation iso, long since) {
    String group = iso.topicPrefix() + "sink-replay";
    await("the replay consumed everything")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> lag(infra, group) == 0);
  }

  private static long lag(ChatInfra infra, String group) throws Exception {
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      if (committed.isEmpty()) {
        return Long.MAX_VALUE;
      }
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs =
          new HashMap<>();
      committed
          .keySet()
          .forEach(tp -> specs.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
      var ends =
          admin
              .listOffsets(
                  specs,
                  new org.apache.kafka.clients.admin.ListOffsetsOptions(
                      org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      long lag = 0;
      for (var e : committed.entrySet()) {
        lag += ends.get(e.getKey()).offset() - e.getValue().offset();
      }
      return committed.size() < 12 ? Long.MAX_VALUE : lag;
    }
  }

  /** Per sink-group member, how many partitions it holds. */
  private static List<Integer> members(ChatInfra infra, String group) throws Exception {
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      ConsumerGroupDescription d =
          admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      return d.members().stream().map(m -> m.assignment().topicPartitions().size()).toList();
    }
  }

  private static Map<Integer, Long> positions(CqlSession s, String ks, String projection) {
    Map<Integer, Long> out = new java.util.TreeMap<>();
    for (Row r :
        s.execute(
            "SELECT event_partition, applied_offset FROM "
                + ks
                + ".projection_positions WHERE projection = ?",
            projection)) {
      out.put(r.getInt(0), r.getLong(1));
    }
    return out;
  }

  private static long appliedEvents(CqlSession s, String ks) {
    return positions(s, ks, "chat-events").values().stream().mapToLong(v -> v + 1).sum();
  }

  private static long inboxRows(CqlSession s, String ks) {
    long n = 0;
    for (int i = 0; i < USERS; i++) {
      n +=
          s.execute(
                  "SELECT count(*) FROM " + ks + ".user_inbox WHERE user_id = ?",
                  String.format("u%03d", i))
              .one()
              .getLong(0);
    }
    return n;
  }

  private static List<String> userIds() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      ids.add(String.format("u%03d", i));
    }
    return ids;
  }
}

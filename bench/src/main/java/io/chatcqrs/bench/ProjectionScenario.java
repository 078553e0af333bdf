package io.chatcqrs.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.platform.cassandra.SchemaMigrator;
import io.chatcqrs.query.http.Consistency;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario 3, projection throughput: messages applied to every read model per second, side by side
 * with a bare Cassandra driver writing the same rows a direct-chat message costs (history, message
 * index, chat, sender's marker, two rooms, two room-order moves, two inbox rows, two totals: 14
 * statements) with 64 writes in flight, in a scratch keyspace of the same schema.
 */
final class ProjectionScenario {
  private static final String BARE_KEYSPACE = "chat_bench_bare";
  private final Target target;
  private final ChatTopics topics;
  private final String keyspace;
  private final Settle settle;

  ProjectionScenario(Target target, ChatTopics topics, String keyspace, Settle settle) {
    this.target = target;
    this.topics = topics;
    this.keyspace = keyspace;
    this.settle = settle;
  }

  /** Returns {projection messages/s, bare driver messages/s}. */
  double[] run(int chats, int messages) throws Exception {
    try (CqlSession session =
            CqlSession.builder()
                .addContactPoints(Cassandra.contactPoints(target.cassandra()))
                .withLocalDatacenter("datacenter1")
                .build();
        Admin admin = Admin.create(Map.of("bootstrap.servers", target.kafka()));
        KafkaProducer<String, CloudEvent> producer =
            new KafkaProducer<>(target.cloudEventProducerConfig(10))) {
      String run = "p" + UUID.randomUUID().toString().substring(0, 6);
      Instant t = Instant.now();
      for (int c = 0; c < chats; c++) {
        producer.send(ChatCloudEvents.record(topics.chatEvents(), created(run, c, t)));
      }
      producer.flush();
      awaitApplied(session, admin, Duration.ofMinutes(5));
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        producer.send(
            ChatCloudEvents.record(
                topics.chatEvents(), message(run, i % chats, i, t.plusMillis(i))));
      }
      producer.flush();
      awaitApplied(session, admin, Duration.ofMinutes(10));
      // the positions cover the per-chat path; the fan-out (inbox, totals) is done when no
      // consumer group lags any more
      settle.await("the end of the projection measurement", Duration.ofMillis(100));
      double projection = messages / ((System.nanoTime() - start) / 1e9);
      System.out.printf(
          "  projection applied %d messages: %.0f messages/s%n", messages, projection);
      double bare = bareDriver(session, chats, messages);
      System.out.printf("  bare driver wrote the same rows: %.0f messages/s%n", bare);
      return new double[] {projection, bare};
    }
  }

  private void awaitApplied(CqlSession session, Admin admin, Duration bound) throws Exception {
    List<TopicPartition> partitions =
        admin
            .describeTopics(List.of(topics.chatEvents()))
            .allTopicNames()
            .get()
            .get(topics.chatEvents())
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topics.chatEvents(), p.partition()))
            .toList();
    Map<TopicPartition, Long> ends =
        admin
            .listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
            .all()
            .get()
            .entrySet()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      Map<Integer, Long> applied = new HashMap<>();
      for (Row row :
          session.execute(
              "SELECT event_partition, applied_offset FROM "
                  + keyspace
                  + ".projection_positions WHERE projection = '"
                  + Consistency.PROJECTION
                  + "'")) {
        applied.put(row.getInt(0), row.getLong(1));
      }
      boolean done =
          ends.entrySet().stream()
              .allMatch(
                  e ->
                      e.getValue() == 0
                          || applied.getOrDefault(e.getKey().partition(), -1L) >= e.getValue() - 1);
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the projection did not apply everything within " + bound);
      }
      Thread.sleep(100);
    }
  }

  private double bareDriver(CqlSession session, int chats, int messages) throws Exception {
    new SchemaMigrator(BARE_KEYSPACE, SchemaMigrator.KeyspaceReplication.simple(1))
        .migrate(session);
    String k = BARE_KEYSPACE + ".";
    List<PreparedStatement> statements =
        List.of(
            session.prepare(
                "INSERT INTO "
                    + k
                    + "messages_by_chat (chat_id, bucket, seq, message_id, sender_id, text, sent_at, edited_at, deleted) VALUES (?, 0, ?, ?, ?, ?, ?, null, false)"),
            session.prepare(
                "INSERT INTO "
                    + k
                    + "messages_by_id (chat_id, message_id, seq, sender_id, deleted) VALUES (?, ?, ?, ?, false)"),
            session.prepare(
                "INSERT INTO "
                    + k
                    + "chats (chat_id, type, last_seq, last_activity_at, last_message_id, last_sender_id, last_text, last_sent_at) VALUES (?, 'direct', ?, ?, ?, ?, ?, ?)"),
            session.prepare(
                "INSERT INTO "
                    + k
                    + "members_by_chat (chat_id, user_id, last_read_seq) VALUES (?, ?, ?)"),
            session.prepare(
                "INSERT INTO "
                    + k
                    + "rooms_by_user (user_id, chat_id, type, last_seq, last_read_seq, last_activity_at, last_message_id, last_sender_id, last_text, last_sent_at) VALUES (?, ?, 'direct', ?, ?, ?, ?, ?, ?, ?) USING TTL 15552000"),
            session.prepare(
                "DELETE FROM "
                    + k
                    + "room_order_by_user WHERE user_id = ? AND last_activity_at = ? AND chat_id = ?"),
            session.prepare(
                "INSERT INTO "
                    + k
                    + "room_order_by_user (user_id, last_activity_at, chat_id) VALUES (?, ?, ?) USING TTL 15552000"),
            session.prepare(
                "INSERT INTO "
                    + k
                    + "user_inbox (user_id, event_partition, event_offset, kind, chat_id, data, occurred_at) VALUES (?, 0, ?, 'message', ?, ?, ?) USING TTL 86400"),
            session.prepare(
                "INSERT INTO " + k + "user_totals (user_id, total_unread) VALUES (?, ?)"));
    Semaphore inFlight = new Semaphore(64);
    String text = SendScenario.TEXT;
    long start = System.nanoTime();
    Instant base = Instant.now();
    for (int i = 0; i < messages; i++) {
      String chat = "bare" + (i % chats);
      String a = chat + "a";
      String b = chat + "b";
      String id = "m" + i;
      long seq = i / chats + 1;
      Instant at = base.plusMillis(i);
      Instant before = at.minusMillis(chats);
      String json = "{\"chat_id\":\"" + chat + "\",\"text\":\"" + text + "\"}";
      List<com.datastax.oss.driver.api.core.cql.BoundStatement> rows =
          List.of(
              statements.get(0).bind(chat, seq, id, a, text, at),
              statements.get(1).bind(chat, id, seq, a),
              statements.get(2).bind(chat, seq, at, id, a, text, at),
              statements.get(3).bind(chat, a, seq),
              statements.get(4).bind(a, chat, seq, seq, at, id, a, text, at),
              statements.get(4).bind(b, chat, seq, seq - 1, at, id, a, text, at),
              statements.get(5).bind(a, before, chat),
              statements.get(5).bind(b, before, chat),
              statements.get(6).bind(a, at, chat),
              statements.get(6).bind(b, at, chat),
              statements.get(7).bind(a, (long) i, chat, json, at),
              statements.get(7).bind(b, (long) i, chat, json, at),
              statements.get(8).bind(a, 0L),
              statements.get(8).bind(b, seq));
      for (var row : rows) {
        inFlight.acquire();
        CompletionStage<?> written = session.executeAsync(row);
        written.whenComplete((r, e) -> inFlight.release());
      }
    }
    inFlight.acquire(64);
    return messages / ((System.nanoTime() - start) / 1e9);
  }

  private static ChatCreated created(String run, int c, Instant at) {
    return BenchEvents.groupCreated(
        chat(run, c), List.of(UserId.of(run + "u" + c + "a"), UserId.of(run + "u" + c + "b")), at);
  }

  private static ChatEvent message(String run, int c, int i, Instant at) {
    UserId sender = UserId.of(run + "u" + c + (i % 2 == 0 ? "a" : "b"));
    return BenchEvents.messageSent(chat(run, c), sender, ClientMsgId.of("c" + i), at);
  }

  private static ChatId chat(String run, int c) {
    return ChatId.of(run + "c" + c);
  }
}

package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.app.ProjectionConfig;
import io.chatcqrs.projection.app.ProjectionWorkers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink alone (Streams disabled), fed hand-made sequenced records, room updates and user events:
 * the rows the read-model classes bind by name land in Cassandra as their unit tests say (a null
 * left unset keeps the column, room rows come from room updates only and carry the chat event's
 * offset as write timestamp, a user event's room writes nothing, the switch to read mode moves a
 * room to large_rooms_by_user, the chat-rooms position follows the room updates), and every written
 * statement is counted per table.
 */
@ExtendWith(ChatInfraExtension.class)
class SinkRowsIT {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);

  @Test
  void rows_of_every_topic_and_the_switch_to_read_mode(ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config = new HashMap<>(Workers.config(infra, iso, "rows", Map.of()));
    config.put("projection.streams.enabled", "false");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String ks = iso.keyspace();

    MessageView m1 = message(1, "hello");
    ChatView writeChat = chat("team", 1, m1, FanOutMode.WRITE);
    MemberView alice = new MemberView(UserId.of("alice"), 1, 0, T0, T0.plusSeconds(1), T0, false);
    MemberView bob = new MemberView(UserId.of("bob"), 0, 1, T0, T0.plusSeconds(1), T0, false);
    try (ProjectionWorkers workers =
        ProjectionWorkers.start(ProjectionConfig.of(config), new ProjectionMetrics(registry))) {
      // carol's user event (user-events offset 0) carries a room: it writes her inbox only
      MemberView carol = new MemberView(UserId.of("carol"), 0, 1, T0, T0.plusSeconds(1), T0, false);
      userEvent(infra, iso, "carol", RoomView.of(writeChat, carol, source(10)));
      // the message at chat.events.v1 offset 10: history, chat and the sender's member row
      sequenced(infra, iso, accepted(writeChat, m1, alice, 10));
      // its room updates: alice's and bob's rooms
      roomUpdates(infra, iso, 10, writeChat, alice, bob);
      await("bob's room written")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  one(infra, "SELECT title FROM " + ks + ".rooms_by_user WHERE user_id = 'bob'")
                      != null);

      Row chats =
          one(
              infra,
              "SELECT fanout, title, last_text, writetime(last_seq) FROM "
                  + ks
                  + ".chats WHERE chat_id = 'c1'");
      assertThat(chats.getString(0)).isEqualTo("write");
      assertThat(chats.getString(2)).isEqualTo("hello");
      assertThat(chats.getLong(3)).isEqualTo(10);
      Row room =
          one(
              infra,
              "SELECT title, last_seq, last_read_seq, writetime(last_seq) FROM "
                  + ks
                  + ".rooms_by_user WHERE user_id = 'bob' AND chat_id = 'c1'");
      assertThat(room.getString(0)).isEqualTo("team");
      assertThat(room.getLong(3)).as("the chat event's offset").isEqualTo(10);
      assertThat(position(infra, ks, "chat-rooms")).isEqualTo(10);
      await("carol's user event written")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> position(infra, ks, "user-events") != null);
      assertThat(one(infra, "SELECT chat_id FROM " + ks + ".rooms_by_user WHERE user_id = 'carol'"))
          .as("a user event's room is not written")
          .isNull();
      assertThat(
              one(
                  infra,
                  "SELECT chat_id FROM " + ks + ".room_order_by_user WHERE user_id = 'carol'"))
          .isNull();
      assertThat(
              one(
                  infra,
                  "SELECT chat_id FROM " + ks + ".room_order_by_user WHERE user_id = 'alice'"))
          .isNotNull();
      assertThat(
              one(
                      infra,
                      "SELECT last_read_seq FROM "
                          + ks
                          + ".members_by_chat WHERE chat_id = 'c1' AND user_id = 'alice'")
                  .getLong(0))
          .isEqualTo(1);
      assertThat(
              one(
                      infra,
                      "SELECT text FROM "
                          + ks
                          + ".messages_by_chat WHERE chat_id = 'c1' AND bucket = 0 AND seq = 1")
                  .getString(0))
          .isEqualTo("hello");

      // a later chat event whose view has no title: the column is left unset, the title stays
      MessageView m2 = message(2, "again");
      ChatView untitled = chat(null, 2, m2, FanOutMode.WRITE);
      MemberView bob2 =
          new MemberView(UserId.of("bob"), 0, 2, T0, T0.plusSeconds(2), T0.plusSeconds(1), false);
      roomUpdates(infra, iso, 11, untitled, bob2);
      await("bob's room moved")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  one(
                              infra,
                              "SELECT last_seq FROM "
                                  + ks
                                  + ".rooms_by_user WHERE user_id = 'bob' AND chat_id = 'c1'")
                          .getLong(0)
                      == 2);
      assertThat(
              one(
                      infra,
                      "SELECT title FROM "
                          + ks
                          + ".rooms_by_user WHERE user_id = 'bob' AND chat_id = 'c1'")
                  .getString(0))
          .isEqualTo("team");
      List<Row> order =
          infra
              .session()
              .execute(
                  "SELECT last_activity_at FROM "
                      + ks
                      + ".room_order_by_user WHERE user_id = 'bob'")
              .all();
      assertThat(order).extracting(r -> r.getInstant(0)).containsExactly(T0.plusSeconds(2));

      // the switch (a join at offset 12 took the group to read mode): bob's room moves
      ChatView readChat = chat("team", 2, m2, FanOutMode.READ);
      MemberView bob3 =
          new MemberView(UserId.of("bob"), 0, 2, T0, T0.plusSeconds(2), T0.plusSeconds(2), false);
      roomUpdates(infra, iso, 12, readChat, bob3);
      await("bob's room in large_rooms_by_user")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  one(
                          infra,
                          "SELECT chat_id FROM "
                              + ks
                              + ".large_rooms_by_user WHERE user_id = 'bob'")
                      != null);
      Row large =
          one(
              infra,
              "SELECT last_read_seq, joined_at, writetime(last_read_seq) FROM "
                  + ks
                  + ".large_rooms_by_user WHERE user_id = 'bob' AND chat_id = 'c1'");
      assertThat(large.getLong(0)).isZero();
      assertThat(large.getInstant(1)).isEqualTo(T0);
      assertThat(large.getLong(2)).isEqualTo(12);
      assertThat(one(infra, "SELECT chat_id FROM " + ks + ".rooms_by_user WHERE user_id = 'bob'"))
          .isNull();
      assertThat(
              one(infra, "SELECT chat_id FROM " + ks + ".room_order_by_user WHERE user_id = 'bob'"))
          .isNull();

      // a message of the read-mode chat: the chat once, the sender's large room; no rooms_by_user
      MessageView m3 = message(3, "big");
      ChatView readChat3 = chat("team", 3, m3, FanOutMode.READ);
      MemberView alice3 =
          new MemberView(UserId.of("alice"), 3, 0, T0, T0.plusSeconds(3), null, false);
      sequenced(infra, iso, accepted(readChat3, m3, alice3, 13));
      roomUpdates(infra, iso, 13, readChat3, alice3);
      await("the read-mode message written")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  one(
                          infra,
                          "SELECT last_read_seq FROM "
                              + ks
                              + ".large_rooms_by_user WHERE user_id = 'alice' AND chat_id = 'c1'")
                      != null);
      assertThat(
              one(infra, "SELECT fanout FROM " + ks + ".chats WHERE chat_id = 'c1'").getString(0))
          .isEqualTo("read");
      await("both chat-event positions at 13")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Long.valueOf(13).equals(position(infra, ks, "chat-events"))
                      && Long.valueOf(13).equals(position(infra, ks, "chat-rooms")));

      await("writes counted per table")
          .atMost(Duration.ofSeconds(30))
          .until(() -> writes(registry, "large_rooms_by_user") >= 2);
      assertThat(writes(registry, "chats")).isEqualTo(2);
      assertThat(writes(registry, "messages_by_chat")).isEqualTo(2);
      assertThat(writes(registry, "members_by_chat")).isEqualTo(2);
      assertThat(writes(registry, "rooms_by_user")).isEqualTo(4);
    }
  }

  private static double writes(SimpleMeterRegistry registry, String table) {
    var c = registry.find("chat.projection.cql.writes").tag("table", table).counter();
    return c == null ? 0 : c.count();
  }

  /** The applied offset of {@code projection}'s partition 0, or null. */
  private static Long position(ChatInfra infra, String ks, String projection) {
    Row r =
        one(
            infra,
            "SELECT applied_offset FROM "
                + ks
                + ".projection_positions WHERE projection = '"
                + projection
                + "' AND event_partition = 0");
    return r == null ? null : r.getLong(0);
  }

  private static Row one(ChatInfra infra, String cql) {
    return infra.session().execute(cql).one();
  }

  private static MessageView message(long seq, String text) {
    return new MessageView(
        MessageId.of("m" + seq), seq, UserId.of("alice"), text, T0.plusSeconds(seq), null, false);
  }

  private static ChatView chat(String title, long lastSeq, MessageView last, FanOutMode mode) {
    return new ChatView(
        ChatId.of("c1"),
        ChatType.GROUP,
        title,
        UserId.of("alice"),
        T0,
        lastSeq,
        2,
        last.sentAt(),
        last,
        mode);
  }

  private static SourcePosition source(long offset) {
    return new SourcePosition("chat.events.v1", 0, offset, T0.toEpochMilli());
  }

  private static SequencedEvent accepted(
      ChatView chat, MessageView m, MemberView sender, long offset) {
    MessageSent e =
        new MessageSent(
            "e" + offset,
            chat.chatId(),
            sender.userId(),
            m.sentAt(),
            1,
            m.messageId(),
            ClientMsgId.of("k" + offset),
            m.text());
    return new SequencedEvent(
        chat.chatId(),
        SequencedEvent.Outcome.ACCEPTED,
        null,
        m.seq(),
        chat.lastSeq(),
        e,
        chat,
        m,
        List.of(sender),
        List.of(),
        source(offset));
  }

  private static void sequenced(ChatInfra infra, ChatInfra.Isolation iso, SequencedEvent s)
      throws Exception {
    produce(
        infra,
        iso.topics().chatSequenced(),
        s.chatId().value(),
        new JsonSerde<>(SequencedEvent.class).serializer().serialize("", s));
  }

  private static void roomUpdates(
      ChatInfra infra, ChatInfra.Isolation iso, long offset, ChatView chat, MemberView... members)
      throws Exception {
    List<RoomUpdates.UserRoom> rooms = new java.util.ArrayList<>();
    for (MemberView m : members) {
      rooms.add(new RoomUpdates.UserRoom(m.userId(), RoomView.of(chat, m, source(offset))));
    }
    RoomUpdates u = new RoomUpdates(chat.chatId(), source(offset), rooms);
    produce(
        infra,
        iso.topics().roomUpdates(),
        chat.chatId().value(),
        new JsonSerde<>(RoomUpdates.class).serializer().serialize("", u));
  }

  private static void userEvent(
      ChatInfra infra, ChatInfra.Isolation iso, String user, RoomView room) throws Exception {
    UserEvent e =
        new UserEvent(
            UserId.of(user),
            ChatId.of("c1"),
            "room",
            JsonNodeFactory.instance.objectNode().put("chat_id", "c1"),
            1L,
            "e-" + user,
            Instant.now(),
            null,
            null,
            room);
    produce(
        infra,
        iso.topics().userEvents(),
        user,
        new JsonSerde<>(UserEvent.class).serializer().serialize("", e));
  }

  private static void produce(ChatInfra infra, String topic, String key, byte[] value)
      throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
    }
  }
}

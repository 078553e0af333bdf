package io.chatcqrs.projection.sink;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.CLOCK;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.CREATED;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.NOW;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.SENT;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.chat;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.member;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.message;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.room;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.source;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.userEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.projection.sink.chats.ChatWrites;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import io.chatcqrs.projection.sink.history.HistoryWrites;
import io.chatcqrs.projection.sink.inbox.InboxWrites;
import io.chatcqrs.projection.sink.positions.PositionWrites;
import io.chatcqrs.projection.sink.rooms.RoomWrites;
import io.chatcqrs.projection.sink.totals.TotalWrites;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadModelWritesTest {
  /** Epochs 2 (chat events) and 5 (user events): the two timestamp sources differ visibly. */
  private static final WriteTimestamps TIMESTAMPS =
      new WriteTimestamps(new TopicEpoch(2), new TopicEpoch(5));

  private final ReadModelWrites writes =
      new ReadModelWrites(TIMESTAMPS, Duration.ofDays(180), Duration.ofHours(24), CLOCK);

  @Test
  void a_message_in_a_read_mode_chat_writes_history_the_chat_the_sender_and_their_large_room() {
    MessageView m = message(7);
    MemberView sender = member("alice", 7, SENT, null);

    List<RowWrite> out = writes.of(sequenced(chat(FanOutMode.READ, m), m, sender, 50));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(
            HistoryWrites.INSERT_MESSAGE,
            HistoryWrites.INSERT_MESSAGE_BY_ID,
            ChatWrites.UPSERT_CHAT,
            ChatWrites.UPSERT_MEMBER,
            RoomWrites.UPSERT_LARGE_ROOM);
    assertThat(out).extracting(w -> w.value("ts")).containsOnly(TIMESTAMPS.ofChatEvent(50));
    assertThat(out.get(2).value("fanout")).isEqualTo("read");
    assertThat(out.get(4).value("user_id")).isEqualTo("alice");
  }

  @Test
  void a_message_in_a_write_mode_chat_writes_the_senders_room_like_their_user_event_would() {
    MessageView m = message(7);
    ChatView chat = chat(FanOutMode.WRITE, m);
    MemberView sender = member("alice", 7, SENT, CREATED);

    List<RowWrite> fromSequenced = writes.of(sequenced(chat, m, sender, 50));
    List<RowWrite> fromUserEvent =
        writes.of(userEvent("alice", "message", SENT, 0L, room(chat, sender, 50)), 1, 900);

    List<RowWrite> roomRows = fromSequenced.subList(4, fromSequenced.size());
    assertThat(roomRows)
        .extracting(RowWrite::statement)
        .containsExactly(RoomWrites.DELETE_ORDER, RoomWrites.UPSERT_ROOM, RoomWrites.INSERT_ORDER);
    assertThat(fromUserEvent.subList(2, fromUserEvent.size())).isEqualTo(roomRows);
  }

  @Test
  void a_user_event_writes_inbox_and_total_at_its_own_offset_and_its_room_at_the_chat_events() {
    ChatView chat = chat(FanOutMode.READ, message(7));

    List<RowWrite> out =
        writes.of(
            userEvent("bob", "room", NOW, 4L, room(chat, member("bob", 6, SENT, SENT), 50)),
            1,
            900);

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(
            InboxWrites.INSERT_INBOX,
            TotalWrites.UPSERT_TOTAL,
            RoomWrites.UPSERT_LARGE_ROOM,
            RoomWrites.DELETE_ROOM,
            RoomWrites.DELETE_ORDER);
    assertThat(out.subList(0, 2))
        .extracting(w -> w.value("ts"))
        .containsOnly(TIMESTAMPS.ofUserEvent(900));
    assertThat(out.subList(2, 5))
        .extracting(w -> w.value("ts"))
        .containsOnly(TIMESTAMPS.ofChatEvent(50));
  }

  @Test
  void a_user_event_without_a_room_writes_no_room_rows() {
    assertThat(writes.of(userEvent("bob", "message", NOW, 4L, null), 1, 900))
        .extracting(RowWrite::statement)
        .containsExactly(InboxWrites.INSERT_INBOX, TotalWrites.UPSERT_TOTAL);
  }

  @Test
  void rejected_and_duplicate_records_write_nothing() {
    SequencedEvent accepted =
        sequenced(
            chat(FanOutMode.WRITE, message(7)), message(7), member("alice", 7, SENT, null), 1);
    for (SequencedEvent.Outcome outcome :
        List.of(SequencedEvent.Outcome.REJECTED, SequencedEvent.Outcome.DUPLICATE)) {
      SequencedEvent s =
          new SequencedEvent(
              accepted.chatId(),
              outcome,
              "x",
              null,
              7,
              accepted.event(),
              accepted.chat(),
              null,
              List.of(),
              List.of(),
              accepted.source());
      assertThat(writes.of(s)).isEmpty();
    }
  }

  @Test
  void positions_take_the_timestamp_of_their_topic() {
    RowWrite chatEvents = writes.position(ProjectionNames.CHAT_EVENTS, 0, 10);
    RowWrite userEvents = writes.position(ProjectionNames.USER_EVENTS, 0, 10);

    assertThat(chatEvents.statement()).isSameAs(PositionWrites.UPSERT_POSITION);
    assertThat(chatEvents.value("ts")).isEqualTo(TIMESTAMPS.ofChatEvent(10));
    assertThat(userEvents.value("ts")).isEqualTo(TIMESTAMPS.ofUserEvent(10));
  }

  @Test
  void every_prepared_statement_is_named_markers_only_with_a_write_timestamp() {
    assertThat(PreparedWrites.STATEMENTS).hasSize(14);
    for (SinkStatement s : PreparedWrites.STATEMENTS) {
      assertThat(s.cql("ks")).as(s.table()).doesNotContain("?").doesNotContain("{keyspace}");
      assertThat(s.markers()).as(s.table()).contains("ts");
    }
    assertThat(PreparedWrites.STATEMENTS)
        .extracting(SinkStatement::table)
        .containsOnly(
            "chats",
            "members_by_chat",
            "messages_by_chat",
            "messages_by_id",
            "rooms_by_user",
            "room_order_by_user",
            "large_rooms_by_user",
            "user_inbox",
            "user_totals",
            "projection_positions");
  }

  private static SequencedEvent sequenced(
      ChatView chat, MessageView m, MemberView member, long offset) {
    MessageSent sent =
        new MessageSent(
            "e" + offset,
            chat.chatId(),
            UserId.of("alice"),
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
        sent,
        chat,
        m,
        List.of(member),
        List.of(),
        source(offset));
  }
}

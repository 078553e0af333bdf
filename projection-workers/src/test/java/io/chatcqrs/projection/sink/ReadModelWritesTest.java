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

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.events.projection.RoomUpdates;
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
  void a_message_writes_history_the_chat_and_the_sender_but_no_room() {
    MessageView m = message(7);
    MemberView sender = member("alice", 7, SENT, CREATED);

    for (FanOutMode mode : FanOutMode.values()) {
      List<RowWrite> out = writes.of(sequenced(chat(mode, m), m, sender, 50));

      assertThat(out)
          .extracting(RowWrite::statement)
          .containsExactly(
              HistoryWrites.INSERT_MESSAGE,
              HistoryWrites.INSERT_MESSAGE_BY_ID,
              ChatWrites.UPSERT_CHAT,
              ChatWrites.UPSERT_MEMBER);
      assertThat(out).extracting(w -> w.value("ts")).containsOnly(TIMESTAMPS.ofChatEvent(50));
      assertThat(out.get(2).value("fanout")).isEqualTo(mode == FanOutMode.READ ? "read" : "write");
    }
  }

  @Test
  void room_updates_write_every_room_they_carry_at_the_chat_events_timestamp() {
    MessageView m = message(7);
    ChatView chat = chat(FanOutMode.WRITE, m);
    MemberView sender = member("alice", 7, SENT, CREATED);
    MemberView other = member("bob", 3, SENT, CREATED);

    List<RowWrite> out = writes.of(updates(50, userRoom(chat, sender), userRoom(chat, other)));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(
            RoomWrites.DELETE_ORDER,
            RoomWrites.UPSERT_ROOM,
            RoomWrites.INSERT_ORDER,
            RoomWrites.DELETE_ORDER,
            RoomWrites.UPSERT_ROOM,
            RoomWrites.INSERT_ORDER);
    assertThat(out)
        .extracting(w -> w.value("user_id"))
        .containsExactly("alice", "alice", "alice", "bob", "bob", "bob");
    assertThat(out).extracting(w -> w.value("ts")).containsOnly(TIMESTAMPS.ofChatEvent(50));
    assertThat(out.get(4).value("last_read_seq")).isEqualTo(3L);
  }

  @Test
  void room_updates_of_the_switch_move_the_rooms_to_large_rooms() {
    ChatView chat = chat(FanOutMode.READ, message(7));

    List<RowWrite> out = writes.of(updates(50, userRoom(chat, member("bob", 6, SENT, SENT))));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(
            RoomWrites.UPSERT_LARGE_ROOM, RoomWrites.DELETE_ROOM, RoomWrites.DELETE_ORDER);
    assertThat(out).extracting(w -> w.value("ts")).containsOnly(TIMESTAMPS.ofChatEvent(50));
  }

  @Test
  void empty_room_updates_write_nothing() {
    assertThat(writes.of(updates(50))).isEmpty();
  }

  @Test
  void a_user_event_writes_inbox_and_total_at_its_own_offset_and_never_its_room() {
    ChatView chat = chat(FanOutMode.READ, message(7));

    List<RowWrite> out =
        writes.of(
            userEvent("bob", "room", NOW, 4L, room(chat, member("bob", 6, SENT, SENT), 50)),
            1,
            900);

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(InboxWrites.INSERT_INBOX, TotalWrites.UPSERT_TOTAL);
    assertThat(out).extracting(w -> w.value("ts")).containsOnly(TIMESTAMPS.ofUserEvent(900));
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
    RowWrite chatRooms = writes.position(ProjectionNames.CHAT_ROOMS, 0, 10);
    RowWrite userEvents = writes.position(ProjectionNames.USER_EVENTS, 0, 10);

    assertThat(chatEvents.statement()).isSameAs(PositionWrites.UPSERT_POSITION);
    assertThat(chatEvents.value("ts")).isEqualTo(TIMESTAMPS.ofChatEvent(10));
    assertThat(chatRooms.value("ts")).isEqualTo(TIMESTAMPS.ofChatEvent(10));
    assertThat(chatRooms.value("projection")).isEqualTo("chat-rooms");
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

  private static RoomUpdates.UserRoom userRoom(ChatView chat, MemberView member) {
    return new RoomUpdates.UserRoom(member.userId(), room(chat, member, 50));
  }

  private static RoomUpdates updates(long offset, RoomUpdates.UserRoom... rooms) {
    return new RoomUpdates(ChatId.of("c1"), source(offset), List.of(rooms));
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

package io.chatcqrs.projection.sink.rooms;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.CLOCK;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.CREATED;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.NOW;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.SENT;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.chat;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.member;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.message;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.removed;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.room;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.projection.sink.cql.Expiry;
import io.chatcqrs.projection.sink.cql.RowWrite;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomWritesTest {
  private static final UserId BOB = UserId.of("bob");
  private static final Duration TTL = Duration.ofDays(180);

  /** A stand-in for the epoch's timestamps: visibly derived from the chat-event offset. */
  private final RoomWrites writes =
      new RoomWrites(offset -> 1_000_000 + offset, new Expiry(TTL, CLOCK));

  private final ChatView writeChat = chat(FanOutMode.WRITE, message(7));
  private final ChatView readChat = chat(FanOutMode.READ, message(7));

  @Test
  void a_new_write_mode_room_is_written_in_full_with_its_order_entry() {
    List<RowWrite> out = writes.of(BOB, room(writeChat, member("bob", 5, SENT, null), 30));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(RoomWrites.UPSERT_ROOM, RoomWrites.INSERT_ORDER);
    int ttl = (int) (TTL.toSeconds() - Duration.between(SENT, NOW).toSeconds());
    RowWrite room = out.get(0);
    assertThat(room.partition()).isEqualTo("rooms_by_user|bob");
    assertThat(room.unset()).isEmpty();
    assertThat(room.values())
        .containsAllEntriesOf(
            Map.of(
                "user_id",
                "bob",
                "chat_id",
                "c1",
                "type",
                "group",
                "title",
                "team",
                "last_seq",
                7L,
                "last_read_seq",
                5L,
                "last_activity_at",
                SENT,
                "ttl",
                ttl,
                "ts",
                1_000_030L))
        .containsAllEntriesOf(
            Map.of(
                "last_message_id",
                "m7",
                "last_message_seq",
                7L,
                "last_sender_id",
                "alice",
                "last_text",
                "hi",
                "last_sent_at",
                SENT,
                "last_deleted",
                false))
        .containsEntry("last_edited_at", null);
    assertThat(out.get(1).partition()).isEqualTo("room_order_by_user|bob");
    assertThat(out.get(1).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "user_id",
                "bob",
                "chat_id",
                "c1",
                "last_activity_at",
                SENT,
                "ttl",
                ttl,
                "ts",
                1_000_030L));
  }

  @Test
  void a_moved_room_deletes_its_old_order_entry_first() {
    List<RowWrite> out = writes.of(BOB, room(writeChat, member("bob", 5, SENT, CREATED), 31));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(RoomWrites.DELETE_ORDER, RoomWrites.UPSERT_ROOM, RoomWrites.INSERT_ORDER);
    assertThat(out.get(0).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "user_id", "bob", "chat_id", "c1", "last_activity_at", CREATED, "ts", 1_000_031L));
  }

  @Test
  void an_unmoved_room_keeps_its_order_entry() {
    assertThat(writes.of(BOB, room(writeChat, member("bob", 7, SENT, SENT), 32)))
        .extracting(RowWrite::statement)
        .containsExactly(RoomWrites.UPSERT_ROOM, RoomWrites.INSERT_ORDER);
  }

  @Test
  void a_room_whose_activity_expired_is_not_revived_but_its_old_entry_goes() {
    var old = NOW.minus(TTL).minusSeconds(1);
    var older = old.minusSeconds(60);
    ChatView stale =
        new ChatView(
            ChatId.of("c1"),
            ChatType.GROUP,
            "team",
            null,
            older,
            0,
            2,
            old,
            null,
            FanOutMode.WRITE);

    List<RowWrite> out = writes.of(BOB, room(stale, member("bob", 0, old, older), 33));

    assertThat(out).extracting(RowWrite::statement).containsExactly(RoomWrites.DELETE_ORDER);
  }

  @Test
  void a_room_without_title_or_messages_leaves_those_columns_unset() {
    ChatView fresh =
        new ChatView(
            ChatId.of("c1"),
            ChatType.DIRECT,
            null,
            null,
            CREATED,
            0,
            2,
            CREATED,
            null,
            FanOutMode.WRITE);

    RowWrite room = writes.of(BOB, room(fresh, member("bob", 0, CREATED, null), 1)).get(0);

    assertThat(room.unset())
        .containsExactlyInAnyOrder(
            "title",
            "last_message_id",
            "last_message_seq",
            "last_sender_id",
            "last_text",
            "last_sent_at",
            "last_edited_at",
            "last_deleted");
  }

  @Test
  void a_removed_write_mode_room_deletes_the_room_and_its_order_entry() {
    List<RowWrite> out = writes.of(BOB, room(writeChat, removed("bob", SENT), 34));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(RoomWrites.DELETE_ROOM, RoomWrites.DELETE_ORDER);
    assertThat(out.get(0).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("user_id", "bob", "chat_id", "c1", "ts", 1_000_034L));
    assertThat(out.get(1).value("last_activity_at")).isEqualTo(SENT);
  }

  @Test
  void a_read_mode_room_is_only_a_large_room_row() {
    List<RowWrite> out = writes.of(BOB, room(readChat, member("bob", 6, SENT, null), 35));

    assertThat(out).extracting(RowWrite::statement).containsExactly(RoomWrites.UPSERT_LARGE_ROOM);
    assertThat(out.get(0).partition()).isEqualTo("large_rooms_by_user|bob");
    assertThat(out.get(0).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "user_id",
                "bob",
                "chat_id",
                "c1",
                "last_read_seq",
                6L,
                "joined_at",
                CREATED,
                "ts",
                1_000_035L));
  }

  @Test
  void a_removed_read_mode_room_deletes_the_large_room_row() {
    List<RowWrite> out =
        writes.of(
            BOB,
            room(
                readChat,
                new io.chatcqrs.events.projection.MemberView(BOB, 6, 0, CREATED, SENT, null, true),
                36));

    assertThat(out).extracting(RowWrite::statement).containsExactly(RoomWrites.DELETE_LARGE_ROOM);
    assertThat(out.get(0).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("user_id", "bob", "chat_id", "c1", "ts", 1_000_036L));
  }

  @Test
  void the_switch_to_read_mode_moves_the_room_out_of_the_write_side_tables() {
    List<RowWrite> out = writes.of(BOB, room(readChat, member("bob", 6, SENT, SENT), 37));

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(
            RoomWrites.UPSERT_LARGE_ROOM, RoomWrites.DELETE_ROOM, RoomWrites.DELETE_ORDER);
    assertThat(out).extracting(w -> w.value("ts")).containsOnly(1_000_037L);
    assertThat(out.get(1).partition()).isEqualTo("rooms_by_user|bob");
    assertThat(out.get(2).partition()).isEqualTo("room_order_by_user|bob");
    assertThat(out.get(2).value("last_activity_at")).isEqualTo(SENT);
  }
}

package io.chatcqrs.projection.sink.chats;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.CREATED;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.SENT;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.chat;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.member;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.message;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.removed;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.projection.sink.cql.RowWrite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatWritesTest {
  private final ChatWrites writes = new ChatWrites();

  @Test
  void the_chat_row_binds_every_column_by_name_with_its_fanout_mode() {
    List<RowWrite> out = writes.of(chat(FanOutMode.READ, message(7)), List.of(), 42);

    assertThat(out).hasSize(1);
    RowWrite row = out.get(0);
    assertThat(row.statement()).isSameAs(ChatWrites.UPSERT_CHAT);
    assertThat(row.partition()).isEqualTo("chat|c1");
    assertThat(row.unset()).isEmpty();
    assertThat(row.values())
        .containsAllEntriesOf(
            Map.of(
                "chat_id",
                "c1",
                "type",
                "group",
                "title",
                "team",
                "created_by",
                "alice",
                "created_at",
                CREATED,
                "last_seq",
                7L,
                "member_count",
                3,
                "last_activity_at",
                SENT,
                "fanout",
                "read",
                "ts",
                42L))
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
  }

  @Test
  void before_the_first_message_and_without_title_those_columns_stay_unset() {
    ChatView direct =
        new ChatView(
            ChatId.of("d1"),
            ChatType.DIRECT,
            null,
            UserId.of("alice"),
            CREATED,
            0,
            2,
            CREATED,
            null,
            FanOutMode.WRITE);

    RowWrite row = writes.of(direct, List.of(), 3).get(0);

    assertThat(row.unset())
        .containsExactlyInAnyOrder(
            "title",
            "last_message_id",
            "last_message_seq",
            "last_sender_id",
            "last_text",
            "last_sent_at",
            "last_edited_at",
            "last_deleted");
    assertThat(row.value("fanout")).isEqualTo("write");
    assertThat(row.value("type")).isEqualTo("direct");
  }

  @Test
  void concerned_members_are_upserted_or_deleted_in_the_chats_batch() {
    List<RowWrite> out =
        writes.of(
            chat(FanOutMode.WRITE, message(7)),
            List.of(member("bob", 7, SENT, CREATED), removed("carol", CREATED)),
            42);

    assertThat(out).extracting(RowWrite::partition).containsOnly("chat|c1");
    RowWrite bob = out.get(1);
    assertThat(bob.statement()).isSameAs(ChatWrites.UPSERT_MEMBER);
    assertThat(bob.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "chat_id",
                "c1",
                "user_id",
                "bob",
                "last_read_seq",
                7L,
                "joined_at",
                CREATED,
                "ts",
                42L));
    RowWrite carol = out.get(2);
    assertThat(carol.statement()).isSameAs(ChatWrites.DELETE_MEMBER);
    assertThat(carol.values())
        .containsExactlyInAnyOrderEntriesOf(Map.of("chat_id", "c1", "user_id", "carol", "ts", 42L));
  }
}

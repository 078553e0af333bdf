package io.chatcqrs.projection.sink.history;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.NOW;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.projection.sink.cql.RowWrite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryWritesTest {
  private final HistoryWrites writes = new HistoryWrites();

  @Test
  void a_message_is_written_into_its_bucket_and_its_id_lookup() {
    MessageView m =
        new MessageView(MessageId.of("m1"), 2345, UserId.of("bob"), "hi", SENT, NOW, false);

    List<RowWrite> out = writes.of(ChatId.of("c1"), m, 99);

    assertThat(out)
        .extracting(RowWrite::statement)
        .containsExactly(HistoryWrites.INSERT_MESSAGE, HistoryWrites.INSERT_MESSAGE_BY_ID);
    assertThat(out.get(0).partition()).isEqualTo("messages_by_chat|c1|2");
    assertThat(out.get(0).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "chat_id",
                "c1",
                "bucket",
                2L,
                "seq",
                2345L,
                "message_id",
                "m1",
                "sender_id",
                "bob",
                "text",
                "hi",
                "sent_at",
                SENT,
                "edited_at",
                NOW,
                "deleted",
                false,
                "ts",
                99L));
    assertThat(out.get(1).partition()).isEqualTo("messages_by_id|c1|m1");
    assertThat(out.get(1).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "chat_id",
                "c1",
                "message_id",
                "m1",
                "seq",
                2345L,
                "sender_id",
                "bob",
                "deleted",
                false,
                "ts",
                99L));
  }

  @Test
  void a_deleted_message_clears_its_text_and_an_unedited_one_leaves_edited_at_unset() {
    MessageView deleted =
        new MessageView(MessageId.of("m1"), 999, UserId.of("bob"), null, SENT, null, true);

    RowWrite row = writes.of(ChatId.of("c1"), deleted, 5).get(0);

    assertThat(row.value("bucket")).isEqualTo(0L);
    assertThat(row.values()).containsEntry("text", null).containsEntry("deleted", true);
    assertThat(row.unset()).containsExactly("edited_at");
  }
}

package io.chatcqrs.projection.sink.history;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.projection.sink.cql.Bindings;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.util.List;

/**
 * A chat's history: the message as it is after a send, an edit or a delete, in {@code
 * messages_by_chat} (bucketed by seq) and {@code messages_by_id} (the lookup of a message's seq by
 * its id). Both are written in full on every change, at the change's timestamp, so the newest event
 * wins.
 */
public final class HistoryWrites {
  /** Messages per history partition: bucket = seq / 1000, as the schema says. */
  public static final long BUCKET_SIZE = 1000;

  /** Writes a message into its bucket; an edited_at of null leaves the column as is. */
  public static final SinkStatement INSERT_MESSAGE =
      SinkStatement.of(
          "messages_by_chat",
          "INSERT INTO {keyspace}.messages_by_chat (chat_id, bucket, seq, message_id, sender_id,"
              + " text, sent_at, edited_at, deleted) VALUES (:chat_id, :bucket, :seq, :message_id,"
              + " :sender_id, :text, :sent_at, :edited_at, :deleted) USING TIMESTAMP :ts");

  /** Writes the message's id lookup. */
  public static final SinkStatement INSERT_MESSAGE_BY_ID =
      SinkStatement.of(
          "messages_by_id",
          "INSERT INTO {keyspace}.messages_by_id (chat_id, message_id, seq, sender_id, deleted)"
              + " VALUES (:chat_id, :message_id, :seq, :sender_id, :deleted) USING TIMESTAMP :ts");

  /** Every statement of this read model, for preparing. */
  public static final List<SinkStatement> STATEMENTS =
      List.of(INSERT_MESSAGE, INSERT_MESSAGE_BY_ID);

  /** The writes of message {@code m} of {@code chat} at {@code ts}. */
  public List<RowWrite> of(ChatId chat, MessageView m, long ts) {
    String chatId = chat.value();
    long bucket = m.seq() / BUCKET_SIZE;
    return List.of(
        INSERT_MESSAGE.write(
            "messages_by_chat|" + chatId + "|" + bucket,
            Bindings.named()
                .set("chat_id", chatId)
                .set("bucket", bucket)
                .set("seq", m.seq())
                .set("message_id", m.messageId().value())
                .set("sender_id", m.senderId().value())
                .set("text", m.text())
                .set("sent_at", m.sentAt())
                .setOrUnset("edited_at", m.editedAt())
                .set("deleted", m.deleted())
                .set("ts", ts)),
        INSERT_MESSAGE_BY_ID.write(
            "messages_by_id|" + chatId + "|" + m.messageId().value(),
            Bindings.named()
                .set("chat_id", chatId)
                .set("message_id", m.messageId().value())
                .set("seq", m.seq())
                .set("sender_id", m.senderId().value())
                .set("deleted", m.deleted())
                .set("ts", ts)));
  }
}

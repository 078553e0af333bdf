package io.chatcqrs.projection.sink.chats;

import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.projection.sink.cql.Bindings;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code chats} row of a chat and its {@code members_by_chat} rows, from accepted sequenced
 * records. Both tables have the chat id as partition key and share one batch key, so a chat's row
 * and the members an event changed are one unlogged batch, one mutation of the partition: the
 * command side never sees a chat without the members it was created with. Only the members the
 * event concerns are written (a sequenced record lists no others).
 */
public final class ChatWrites {
  /** Upserts the chat with its fan-out mode; a null title or creator leaves the column as is. */
  public static final SinkStatement UPSERT_CHAT =
      SinkStatement.of(
          "chats",
          "INSERT INTO {keyspace}.chats (chat_id, type, title, created_by, created_at, last_seq,"
              + " member_count, last_activity_at, last_message_id, last_message_seq,"
              + " last_sender_id, last_text, last_sent_at, last_edited_at, last_deleted, fanout)"
              + " VALUES (:chat_id, :type, :title, :created_by, :created_at, :last_seq,"
              + " :member_count, :last_activity_at, :last_message_id, :last_message_seq,"
              + " :last_sender_id, :last_text, :last_sent_at, :last_edited_at, :last_deleted,"
              + " :fanout) USING TIMESTAMP :ts");

  /** Upserts a member's marker and join time. */
  public static final SinkStatement UPSERT_MEMBER =
      SinkStatement.of(
          "members_by_chat",
          "INSERT INTO {keyspace}.members_by_chat (chat_id, user_id, last_read_seq, joined_at)"
              + " VALUES (:chat_id, :user_id, :last_read_seq, :joined_at) USING TIMESTAMP :ts");

  /** Deletes a member who left or was removed. */
  public static final SinkStatement DELETE_MEMBER =
      SinkStatement.of(
          "members_by_chat",
          "DELETE FROM {keyspace}.members_by_chat USING TIMESTAMP :ts"
              + " WHERE chat_id = :chat_id AND user_id = :user_id");

  /** Every statement of this read model, for preparing. */
  public static final List<SinkStatement> STATEMENTS =
      List.of(UPSERT_CHAT, UPSERT_MEMBER, DELETE_MEMBER);

  /** The writes of {@code chat} and the {@code members} an event changed, at {@code ts}. */
  public List<RowWrite> of(ChatView chat, List<MemberView> members, long ts) {
    List<RowWrite> out = new ArrayList<>(1 + members.size());
    String chatId = chat.chatId().value();
    String partition = partition(chatId);
    out.add(
        UPSERT_CHAT.write(
            partition,
            Bindings.named()
                .set("chat_id", chatId)
                .set("type", chat.type().wireName())
                .setOrUnset("title", chat.title())
                .setOrUnset(
                    "created_by", chat.createdBy() == null ? null : chat.createdBy().value())
                .set("created_at", chat.createdAt())
                .set("last_seq", chat.lastSeq())
                .set("member_count", chat.memberCount())
                .set("last_activity_at", chat.lastActivityAt())
                .lastMessage(chat.lastMessage())
                .set("fanout", chat.fanOut().wireName())
                .set("ts", ts)));
    for (MemberView m : members) {
      Bindings b = Bindings.named().set("chat_id", chatId).set("user_id", m.userId().value());
      if (m.removed()) {
        out.add(DELETE_MEMBER.write(partition, b.set("ts", ts)));
      } else {
        out.add(
            UPSERT_MEMBER.write(
                partition,
                b.set("last_read_seq", m.lastReadSeq())
                    .set("joined_at", m.joinedAt())
                    .set("ts", ts)));
      }
    }
    return out;
  }

  /** The batch key of a chat's {@code chats} and {@code members_by_chat} rows. */
  static String partition(String chatId) {
    return "chat|" + chatId;
  }
}

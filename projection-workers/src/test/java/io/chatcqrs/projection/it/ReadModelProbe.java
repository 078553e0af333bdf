package io.chatcqrs.projection.it;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.projection.Workload;

/** What a reader of the read models sees of one chat: a message by id, a member's unread total. */
record ReadModelProbe(CqlSession session, String keyspace) {

  /** Whether the message {@code clientMsgId} of {@code sender} in {@code chat} can be read. */
  boolean messageVisible(String chat, String sender, String clientMsgId) {
    return session
            .execute(
                "SELECT seq FROM "
                    + keyspace
                    + ".messages_by_id WHERE chat_id = ? AND message_id = ?",
                chat,
                Workload.messageId(chat, sender, clientMsgId).value())
            .one()
        != null;
  }

  /** The user's total unread count (written from chat.user-events.v1), 0 when none. */
  long totalUnread(String user) {
    Row r =
        session
            .execute(
                "SELECT total_unread FROM " + keyspace + ".user_totals WHERE user_id = ?", user)
            .one();
    return r == null ? 0 : r.getLong(0);
  }

  /** Both paths show the message: its row, and {@code reader}'s unread total reached {@code n}. */
  boolean visible(String chat, String sender, String clientMsgId, String reader, long n) {
    return messageVisible(chat, sender, clientMsgId) && totalUnread(reader) >= n;
  }
}

package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * The sink's CQL, prepared once per session. Every write carries {@code USING TIMESTAMP}: the
 * caller passes a write timestamp derived from the source position, which makes every write
 * idempotent and keeps a replayed or retried write from moving a row backwards. Room rows and inbox
 * rows also carry {@code USING TTL}.
 */
final class CqlStatements {
  final PreparedStatement insertMessage;
  final PreparedStatement insertMessageById;
  final PreparedStatement upsertChat;
  final PreparedStatement upsertMember;
  final PreparedStatement deleteMember;
  final PreparedStatement upsertRoom;
  final PreparedStatement deleteRoom;
  final PreparedStatement insertRoomOrder;
  final PreparedStatement deleteRoomOrder;
  final PreparedStatement insertInbox;
  final PreparedStatement upsertTotal;
  final PreparedStatement upsertPosition;

  CqlStatements(CqlSession session, String keyspace) {
    String k = keyspace + ".";
    insertMessage =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "messages_by_chat (chat_id, bucket, seq, message_id, sender_id, text, sent_at,"
                + " edited_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    insertMessageById =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "messages_by_id (chat_id, message_id, seq, sender_id, deleted)"
                + " VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
    upsertChat =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "chats (chat_id, type, title, created_by, created_at, last_seq, member_count,"
                + " last_activity_at, last_message_id, last_message_seq, last_sender_id,"
                + " last_text, last_sent_at, last_edited_at, last_deleted)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    upsertMember =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "members_by_chat (chat_id, user_id, last_read_seq, joined_at)"
                + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
    deleteMember =
        prepare(
            session,
            "DELETE FROM "
                + k
                + "members_by_chat USING TIMESTAMP ? WHERE chat_id = ? AND user_id = ?");
    upsertRoom =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "rooms_by_user (user_id, chat_id, type, title, last_seq, last_read_seq,"
                + " last_activity_at, last_message_id, last_message_seq, last_sender_id,"
                + " last_text, last_sent_at, last_edited_at, last_deleted)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?");
    deleteRoom =
        prepare(
            session,
            "DELETE FROM "
                + k
                + "rooms_by_user USING TIMESTAMP ? WHERE user_id = ? AND chat_id = ?");
    insertRoomOrder =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "room_order_by_user (user_id, last_activity_at, chat_id)"
                + " VALUES (?, ?, ?) USING TTL ? AND TIMESTAMP ?");
    deleteRoomOrder =
        prepare(
            session,
            "DELETE FROM "
                + k
                + "room_order_by_user USING TIMESTAMP ?"
                + " WHERE user_id = ? AND last_activity_at = ? AND chat_id = ?");
    insertInbox =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "user_inbox (user_id, event_partition, event_offset, kind, chat_id, data,"
                + " occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?");
    upsertTotal =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "user_totals (user_id, total_unread) VALUES (?, ?) USING TIMESTAMP ?");
    upsertPosition =
        prepare(
            session,
            "INSERT INTO "
                + k
                + "projection_positions (projection, event_partition, applied_offset, updated_at)"
                + " VALUES (?, ?, ?, ?) USING TIMESTAMP ?");
  }

  private static PreparedStatement prepare(CqlSession session, String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql)
            .setIdempotent(true)
            .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM));
  }

  /**
   * Binds {@code values} positionally; a null value of a column listed in {@code unsetWhenNull} (by
   * bind index) is left unset rather than written as a tombstone.
   */
  static BoundStatement bind(PreparedStatement ps, Object[] values, int... unsetWhenNull) {
    BoundStatement bs = ps.bind(values);
    for (int i : unsetWhenNull) {
      if (values[i] == null) {
        bs = bs.unset(i);
      }
    }
    return bs;
  }
}

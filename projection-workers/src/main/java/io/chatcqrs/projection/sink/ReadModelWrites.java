package io.chatcqrs.projection.sink;

import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the projection's output records to Cassandra writes, following the table semantics of {@code
 * V0001__read_models.cql}. The write timestamp of every chat-keyed row derives from the source
 * event's offset in chat.events.v1 (all rows of a chat come from one partition, in order); the
 * write timestamp of every user-keyed row of the user stream from its offset in
 * chat.user-events.v1; both with the epoch of the topic's incarnation ({@link WriteTimestamps}), so
 * that a re-created topic still writes above its predecessor's rows. Room and inbox TTLs count from
 * the activity that produced the row, so that a replay of old events does not revive expired rooms.
 */
final class ReadModelWrites {
  /** Messages per history partition: bucket = seq / 1000, as the schema says. */
  static final long BUCKET_SIZE = 1000;

  private final CqlStatements cql;
  private final WriteTimestamps timestamps;
  private final Duration roomTtl;
  private final Duration inboxTtl;
  private final Clock clock;

  ReadModelWrites(
      CqlStatements cql,
      WriteTimestamps timestamps,
      Duration roomTtl,
      Duration inboxTtl,
      Clock clock) {
    this.cql = cql;
    this.timestamps = timestamps;
    this.roomTtl = roomTtl;
    this.inboxTtl = inboxTtl;
    this.clock = clock;
  }

  /** The writes of one sequenced event: none unless it was accepted. */
  List<KeyedWrite> of(SequencedEvent s) {
    List<KeyedWrite> out = new ArrayList<>();
    if (s.outcome() != SequencedEvent.Outcome.ACCEPTED || s.chat() == null) {
      return out;
    }
    long ts = timestamps.ofChatEvent(s.source().offset());
    String chat = s.chatId().value();
    MessageView m = s.message();
    if (m != null) {
      long bucket = m.seq() / BUCKET_SIZE;
      Object[] values = {
        chat,
        bucket,
        m.seq(),
        m.messageId().value(),
        m.senderId().value(),
        m.text(),
        m.sentAt(),
        m.editedAt(),
        m.deleted(),
        ts
      };
      out.add(write("messages_by_chat|" + chat + "|" + bucket, cql.insertMessage, values, 7));
      out.add(
          write(
              "messages_by_id|" + chat + "|" + m.messageId().value(),
              cql.insertMessageById,
              new Object[] {
                chat, m.messageId().value(), m.seq(), m.senderId().value(), m.deleted(), ts
              }));
    }
    out.add(chatRow(s.chat(), ts));
    for (MemberView member : s.members()) {
      memberRows(s.chat(), member, ts, out);
    }
    return out;
  }

  private KeyedWrite chatRow(ChatView c, long ts) {
    MessageView last = c.lastMessage();
    Object[] values = {
      c.chatId().value(),
      c.type().wireName(),
      c.title(),
      c.createdBy() == null ? null : c.createdBy().value(),
      c.createdAt(),
      c.lastSeq(),
      c.memberCount(),
      c.lastActivityAt(),
      last == null ? null : last.messageId().value(),
      last == null ? null : last.seq(),
      last == null ? null : last.senderId().value(),
      last == null ? null : last.text(),
      last == null ? null : last.sentAt(),
      last == null ? null : last.editedAt(),
      last == null ? null : last.deleted(),
      ts
    };
    int[] unset = last == null ? new int[] {2, 3, 8, 9, 10, 11, 12, 13, 14} : new int[] {2, 3};
    // same batch key as the chat's member rows: one unlogged batch, one mutation of the chat's
    // partition, so the command side never sees a chat without the members it was created with
    return write(chatPartition(c.chatId().value()), cql.upsertChat, values, unset);
  }

  private void memberRows(ChatView c, MemberView m, long ts, List<KeyedWrite> out) {
    String chat = c.chatId().value();
    String user = m.userId().value();
    String members = chatPartition(chat);
    String rooms = "rooms_by_user|" + user;
    String order = "room_order_by_user|" + user;
    if (m.removed()) {
      out.add(write(members, cql.deleteMember, new Object[] {ts, chat, user}));
      out.add(write(rooms, cql.deleteRoom, new Object[] {ts, user, chat}));
      out.add(
          write(order, cql.deleteRoomOrder, new Object[] {ts, user, m.previousActivityAt(), chat}));
      return;
    }
    out.add(
        write(
            members,
            cql.upsertMember,
            new Object[] {chat, user, m.lastReadSeq(), m.joinedAt(), ts}));
    if (m.previousActivityAt() != null && !m.previousActivityAt().equals(m.lastActivityAt())) {
      out.add(
          write(order, cql.deleteRoomOrder, new Object[] {ts, user, m.previousActivityAt(), chat}));
    }
    int ttl = remainingSeconds(roomTtl, m.lastActivityAt());
    if (ttl <= 0) {
      return;
    }
    MessageView last = c.lastMessage();
    Object[] room = {
      user,
      chat,
      c.type().wireName(),
      c.title(),
      c.lastSeq(),
      m.lastReadSeq(),
      m.lastActivityAt(),
      last == null ? null : last.messageId().value(),
      last == null ? null : last.seq(),
      last == null ? null : last.senderId().value(),
      last == null ? null : last.text(),
      last == null ? null : last.sentAt(),
      last == null ? null : last.editedAt(),
      last == null ? null : last.deleted(),
      ttl,
      ts
    };
    int[] unset = last == null ? new int[] {3, 7, 8, 9, 10, 11, 12, 13} : new int[] {3};
    out.add(write(rooms, cql.upsertRoom, room, unset));
    out.add(
        write(order, cql.insertRoomOrder, new Object[] {user, m.lastActivityAt(), chat, ttl, ts}));
  }

  /** The writes of one user event read at {@code partition}/{@code offset}. */
  List<KeyedWrite> of(UserEvent e, int partition, long offset) {
    List<KeyedWrite> out = new ArrayList<>();
    long ts = timestamps.ofUserEvent(offset);
    String user = e.userId().value();
    int ttl =
        e.occurredAt() == null
            ? (int) inboxTtl.toSeconds()
            : remainingSeconds(inboxTtl, e.occurredAt());
    if (ttl > 0) {
      Object[] values = {
        user,
        partition,
        offset,
        e.kind(),
        e.chatId().value(),
        e.data().toString(),
        e.occurredAt(),
        ttl,
        ts
      };
      out.add(write("user_inbox|" + user, cql.insertInbox, values, 6));
    }
    if (e.totalUnread() != null) {
      out.add(
          write("user_totals|" + user, cql.upsertTotal, new Object[] {user, e.totalUnread(), ts}));
    }
    return out;
  }

  /** The position row of {@code projection}'s {@code partition} at {@code offset}. */
  KeyedWrite position(String projection, int partition, long offset) {
    return write(
        "projection_positions|" + projection,
        cql.upsertPosition,
        new Object[] {
          projection, partition, offset, clock.instant(), timestamps.ofPosition(projection, offset)
        });
  }

  /**
   * The batch key of a chat's {@code chats} and {@code members_by_chat} rows (same partition key).
   */
  private static String chatPartition(String chatId) {
    return "chat|" + chatId;
  }

  /** Seconds left of {@code ttl} counted from {@code since}, at most {@code ttl}. */
  private int remainingSeconds(Duration ttl, Instant since) {
    long age = Math.max(0, Duration.between(since, clock.instant()).toSeconds());
    return (int) Math.min(Integer.MAX_VALUE, ttl.toSeconds() - age);
  }

  private static KeyedWrite write(
      String partition,
      com.datastax.oss.driver.api.core.cql.PreparedStatement ps,
      Object[] values,
      int... unsetWhenNull) {
    return new KeyedWrite(partition, CqlStatements.bind(ps, values, unsetWhenNull));
  }
}

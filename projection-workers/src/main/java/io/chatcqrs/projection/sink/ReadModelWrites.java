package io.chatcqrs.projection.sink;

import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.sink.chats.ChatWrites;
import io.chatcqrs.projection.sink.cql.Expiry;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.history.HistoryWrites;
import io.chatcqrs.projection.sink.inbox.InboxWrites;
import io.chatcqrs.projection.sink.positions.PositionWrites;
import io.chatcqrs.projection.sink.rooms.RoomWrites;
import io.chatcqrs.projection.sink.totals.TotalWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which read models each output record of the projection writes, and at which write timestamp (the
 * rows themselves are the read-model classes' business: {@code sink/chats}, {@code sink/history},
 * {@code sink/rooms}, {@code sink/inbox}, {@code sink/totals}, {@code sink/positions}).
 *
 * <ul>
 *   <li>An accepted sequenced record: history (when it carries a message), the chat and the members
 *       it concerns, at the timestamp of its chat.events.v1 offset; and each concerned member's
 *       room, {@link RoomView#of} the record's chat and member, exactly as a user event's room
 *       would be written (so the chat-events position covers the actor's own room).
 *   <li>A user event: its inbox row and the user's total at the timestamp of its
 *       chat.user-events.v1 offset; its room, if it carries one, at the room's chat-event
 *       timestamp.
 * </ul>
 *
 * Timestamps carry the epoch of the topic's incarnation ({@link WriteTimestamps}), so that a
 * re-created topic still writes above its predecessor's rows.
 */
final class ReadModelWrites {
  private final WriteTimestamps timestamps;
  private final ChatWrites chats = new ChatWrites();
  private final HistoryWrites history = new HistoryWrites();
  private final RoomWrites rooms;
  private final InboxWrites inbox;
  private final TotalWrites totals = new TotalWrites();
  private final PositionWrites positions;

  ReadModelWrites(WriteTimestamps timestamps, Duration roomTtl, Duration inboxTtl, Clock clock) {
    this.timestamps = timestamps;
    this.rooms = new RoomWrites(timestamps::ofChatEvent, new Expiry(roomTtl, clock));
    this.inbox = new InboxWrites(new Expiry(inboxTtl, clock));
    this.positions = new PositionWrites(clock);
  }

  /** The writes of one sequenced event: none unless it was accepted. */
  List<RowWrite> of(SequencedEvent s) {
    List<RowWrite> out = new ArrayList<>();
    if (s.outcome() != SequencedEvent.Outcome.ACCEPTED || s.chat() == null) {
      return out;
    }
    long ts = timestamps.ofChatEvent(s.source().offset());
    if (s.message() != null) {
      out.addAll(history.of(s.chatId(), s.message(), ts));
    }
    out.addAll(chats.of(s.chat(), s.members(), ts));
    for (MemberView member : s.members()) {
      out.addAll(rooms.of(member.userId(), RoomView.of(s.chat(), member, s.source())));
    }
    return out;
  }

  /** The writes of one user event read at {@code partition}/{@code offset}. */
  List<RowWrite> of(UserEvent e, int partition, long offset) {
    List<RowWrite> out = new ArrayList<>();
    long ts = timestamps.ofUserEvent(offset);
    inbox.of(e, partition, offset, ts).ifPresent(out::add);
    totals.of(e, ts).ifPresent(out::add);
    if (e.room() != null) {
      out.addAll(rooms.of(e.userId(), e.room()));
    }
    return out;
  }

  /** The position row of {@code projection}'s {@code partition} at {@code offset}. */
  RowWrite position(String projection, int partition, long offset) {
    return positions.of(projection, partition, offset, timestamps.ofPosition(projection, offset));
  }
}

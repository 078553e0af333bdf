package io.chatcqrs.projection.sink;

import io.chatcqrs.events.projection.RoomUpdates;
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
 *       it concerns, at the timestamp of its chat.events.v1 offset.
 *   <li>A room-updates record: every room it carries ({@link RoomWrites}), at the timestamp of the
 *       chat event's offset; the only writer of room rows, so that the chat-rooms position covers
 *       every member's room.
 *   <li>A user event: its inbox row and the user's total at the timestamp of its
 *       chat.user-events.v1 offset (its room, if any, was written from the room-updates record).
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
    return out;
  }

  /** The writes of one room-updates record: every room it carries. */
  List<RowWrite> of(RoomUpdates u) {
    List<RowWrite> out = new ArrayList<>();
    for (RoomUpdates.UserRoom r : u.rooms()) {
      out.addAll(rooms.of(r.userId(), r.room()));
    }
    return out;
  }

  /** The writes of one user event read at {@code partition}/{@code offset}. */
  List<RowWrite> of(UserEvent e, int partition, long offset) {
    List<RowWrite> out = new ArrayList<>();
    long ts = timestamps.ofUserEvent(offset);
    inbox.of(e, partition, offset, ts).ifPresent(out::add);
    totals.of(e, ts).ifPresent(out::add);
    return out;
  }

  /** The position row of {@code projection}'s {@code partition} at {@code offset}. */
  RowWrite position(String projection, int partition, long offset) {
    return positions.of(projection, partition, offset, timestamps.ofPosition(projection, offset));
  }
}

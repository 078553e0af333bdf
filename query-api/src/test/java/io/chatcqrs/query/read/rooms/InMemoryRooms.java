package io.chatcqrs.query.read.rooms;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link RoomSource} over an in-memory {@code rooms_by_user} that behaves like Cassandra's. */
final class InMemoryRooms implements RoomSource {
  final Map<String, Room> rooms = new HashMap<>();
  final Map<String, Room> large = new HashMap<>();
  int snapshotReads;
  int contentReads;

  /** Runs once, right after the next snapshot is taken: a write racing the page's reads. */
  Runnable afterNextSnapshot;

  /** Records activity on a room (creating it), as the projection does. */
  void activity(String chatId, Instant at, long lastSeq, long lastReadSeq) {
    rooms.put(chatId, new Room(chatId, "group", "t-" + chatId, lastSeq, lastReadSeq, at, null));
  }

  /** A room of a chat in fan-out-on-read mode, computed with the snapshot. */
  void largeRoom(String chatId, Instant at, long lastSeq, long lastReadSeq) {
    large.put(chatId, new Room(chatId, "group", "big-" + chatId, lastSeq, lastReadSeq, at, null));
  }

  /** The room leaves: left by the user, or expired by TTL. */
  void gone(String chatId) {
    rooms.remove(chatId);
  }

  @Override
  public Future<RoomSnapshot> snapshot(String userId) {
    snapshotReads++;
    List<RoomSnapshot.Entry> entries = new ArrayList<>();
    large.values().forEach(r -> entries.add(RoomSnapshot.Entry.of(r)));
    rooms.values().stream()
        .filter(r -> !large.containsKey(r.chatId()))
        .forEach(r -> entries.add(new RoomSnapshot.Entry(r.orderKey(), r.unreadCount())));
    Runnable race = afterNextSnapshot;
    afterNextSnapshot = null;
    if (race != null) {
      race.run();
    }
    return Future.succeededFuture(new RoomSnapshot(entries));
  }

  @Override
  public Future<Map<String, Room>> rooms(String userId, Collection<String> chatIds) {
    contentReads++;
    Map<String, Room> found = new HashMap<>();
    chatIds.forEach(
        id -> {
          if (rooms.containsKey(id)) {
            found.put(id, rooms.get(id));
          }
        });
    return Future.succeededFuture(found);
  }
}

package io.chatcqrs.query.read.rooms;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link RoomSource} over in-memory tables that behave like the Cassandra ones. */
final class InMemoryRooms implements RoomSource {
  static final Comparator<OrderKey> ORDER =
      Comparator.comparing(OrderKey::lastActivityAt).thenComparing(OrderKey::chatId).reversed();

  final List<OrderKey> order = new ArrayList<>();
  final Map<String, Room> rooms = new HashMap<>();
  int sliceReads;

  /** Records activity: moves the room to the top, as the projection does. */
  void activity(String chatId, Instant at, long lastSeq, long lastReadSeq) {
    Room previous = rooms.get(chatId);
    if (previous != null) {
      order.remove(previous.orderKey());
    }
    rooms.put(chatId, new Room(chatId, "group", "t-" + chatId, lastSeq, lastReadSeq, at, null));
    order.add(new OrderKey(at, chatId));
  }

  /** Leaves an order row behind that no room matches (a resurrected or stale row). */
  void staleOrderRow(String chatId, Instant at) {
    order.add(new OrderKey(at, chatId));
  }

  @Override
  public Future<List<OrderKey>> orderSlice(String userId, OrderKey after, int count) {
    sliceReads++;
    return Future.succeededFuture(
        order.stream()
            .sorted(ORDER)
            .filter(key -> after == null || ORDER.compare(key, after) > 0)
            .limit(count)
            .toList());
  }

  @Override
  public Future<Map<String, Room>> rooms(String userId, Collection<String> chatIds) {
    Map<String, Room> found = new HashMap<>();
    chatIds.forEach(
        id -> {
          if (rooms.containsKey(id)) {
            found.put(id, rooms.get(id));
          }
        });
    return Future.succeededFuture(found);
  }

  @Override
  public Future<Long> totalUnread(String userId) {
    return Future.succeededFuture(rooms.values().stream().mapToLong(Room::unreadCount).sum());
  }
}

package io.chatcqrs.query.read.rooms;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where the room list reads from: the order table's keyset slices and the rooms' content. */
public interface RoomSource {
  /**
   * Up to {@code count} order rows of the user, newest first, strictly after {@code after} (from
   * the top when null).
   */
  Future<List<OrderKey>> orderSlice(String userId, OrderKey after, int count);

  /** The user's rooms among {@code chatIds}, by chat id; missing ones are absent. */
  Future<Map<String, Room>> rooms(String userId, Collection<String> chatIds);

  /** The user's total unread count over all rooms (0 when unknown). */
  Future<Long> totalUnread(String userId);
}

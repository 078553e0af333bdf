package io.chatcqrs.query.read.rooms;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/** Where the room list reads from: a snapshot of all the user's rooms, and some rooms' content. */
public interface RoomSource {
  /** Every room the user has now, with its order key and unread count, from one read. */
  Future<RoomSnapshot> snapshot(String userId);

  /** The user's rooms among {@code chatIds}, by chat id; missing ones are absent. */
  Future<Map<String, Room>> rooms(String userId, Collection<String> chatIds);
}

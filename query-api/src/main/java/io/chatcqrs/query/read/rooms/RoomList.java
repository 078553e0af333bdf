package io.chatcqrs.query.read.rooms;

import io.chatcqrs.events.Ids;
import io.chatcqrs.query.cursor.CursorCodec;
import io.chatcqrs.query.cursor.InvalidCursorException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The room list of one user as the contract shows it: a page of rooms (newest activity first), the
 * opaque cursor of the next page, and the user's total unread count. The total is computed with the
 * page from the same reads (never read from a separately maintained total), so it always equals the
 * sum of the unread counts of the rooms the user has, the page's rooms counted exactly as shown,
 * and rooms that expired or were left are in neither ({@link RoomPager}). Cursors are bound to the
 * listed user: another user's cursor is a 400.
 */
public final class RoomList {
  private final RoomPager pager;
  private final CursorCodec cursors;

  /** A room list reading from {@code source}, with cursors made by {@code cursors}. */
  public RoomList(RoomSource source, CursorCodec cursors) {
    this.pager = new RoomPager(source);
    this.cursors = cursors;
  }

  /**
   * One page of {@code userId}'s rooms.
   *
   * @param cursor the {@code next_cursor} of the previous page, or null for the first page
   * @return the response body; fails with {@link InvalidCursorException} for a bad cursor
   */
  public Future<JsonObject> page(String userId, int limit, String cursor) {
    OrderKey after;
    try {
      after = cursor == null ? null : decode(userId, cursor);
    } catch (InvalidCursorException e) {
      return Future.failedFuture(e);
    }
    return pager
        .page(userId, after, limit)
        .map(
            page -> {
              JsonArray rooms = new JsonArray();
              page.rooms().forEach(room -> rooms.add(room.toJson()));
              OrderKey next = page.next();
              return new JsonObject()
                  .put("rooms", rooms)
                  .put("next_cursor", next == null ? null : encode(userId, next))
                  .put("total_unread", page.totalUnread());
            });
  }

  String encode(String userId, OrderKey key) {
    return cursors.encode(
        binding(userId), List.of(Long.toString(key.lastActivityAt().toEpochMilli()), key.chatId()));
  }

  OrderKey decode(String userId, String cursor) {
    List<String> fields = cursors.decode(binding(userId), cursor);
    if (fields.size() != 2 || !Ids.isValid(fields.get(1))) {
      throw new InvalidCursorException();
    }
    try {
      return new OrderKey(Instant.ofEpochMilli(Long.parseLong(fields.get(0))), fields.get(1));
    } catch (NumberFormatException e) {
      throw new InvalidCursorException();
    }
  }

  private static String binding(String userId) {
    return "rooms/" + userId;
  }
}

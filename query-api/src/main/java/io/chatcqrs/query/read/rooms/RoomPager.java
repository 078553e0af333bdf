package io.chatcqrs.query.read.rooms;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds one page of a user's room list by keyset: it reads a slice of the order table after the
 * cursor, fetches those rooms' content in one concurrent read, and keeps only order rows whose
 * {@code last_activity_at} equals the room's (an order row left behind by a move, or of a room the
 * user left, is dropped). When dropped rows leave the page short it reads further slices, at most
 * {@link #MAX_ROUNDS} of them; if that bound is hit the page is returned short with a cursor after
 * the last row scanned, so a walk always makes progress and never repeats a row.
 *
 * <p>A room appears at most once per walk unless it had new activity meanwhile: its new order row
 * is then above the cursor (the live stream tells the client about it) and its old row, deleted by
 * the projection or differing from the room's activity, is never returned again.
 */
public final class RoomPager {
  /** Upper bound on order-table slices read for one page. */
  public static final int MAX_ROUNDS = 4;

  private static final int SLACK = 8;

  private final RoomSource source;

  /** A pager reading from {@code source}. */
  public RoomPager(RoomSource source) {
    this.source = source;
  }

  /**
   * One page of at most {@code limit} rooms after {@code after} (from the top when null).
   *
   * @return the rooms in order and the key to continue after, null when the walk reached the end
   */
  public Future<RoomPage> page(String userId, OrderKey after, int limit) {
    return collect(userId, after, limit, new ArrayList<>(), new LinkedHashSet<>(), 1);
  }

  private Future<RoomPage> collect(
      String userId, OrderKey after, int limit, List<Room> kept, Set<String> seen, int round) {
    int wanted = limit + 1 - kept.size();
    int count = wanted + SLACK;
    return source
        .orderSlice(userId, after, count)
        .compose(
            slice -> {
              if (slice.isEmpty()) {
                return Future.succeededFuture(finish(kept, limit, null, true));
              }
              Set<String> ids = new LinkedHashSet<>();
              slice.forEach(key -> ids.add(key.chatId()));
              return source
                  .rooms(userId, ids)
                  .compose(
                      rooms -> {
                        keepCurrent(slice, rooms, kept, seen);
                        OrderKey lastScanned = slice.get(slice.size() - 1);
                        boolean exhausted = slice.size() < count;
                        if (kept.size() > limit || exhausted || round >= MAX_ROUNDS) {
                          return Future.succeededFuture(
                              finish(kept, limit, lastScanned, exhausted));
                        }
                        return collect(userId, lastScanned, limit, kept, seen, round + 1);
                      });
            });
  }

  private static void keepCurrent(
      List<OrderKey> slice, Map<String, Room> rooms, List<Room> kept, Set<String> seen) {
    for (OrderKey key : slice) {
      Room room = rooms.get(key.chatId());
      if (room != null
          && room.lastActivityAt() != null
          && room.lastActivityAt().equals(key.lastActivityAt())
          && seen.add(room.chatId())) {
        kept.add(room);
      }
    }
  }

  private static RoomPage finish(
      List<Room> kept, int limit, OrderKey lastScanned, boolean exhausted) {
    if (kept.size() > limit) {
      List<Room> page = List.copyOf(kept.subList(0, limit));
      return new RoomPage(page, page.get(limit - 1).orderKey());
    }
    if (exhausted) {
      return new RoomPage(List.copyOf(kept), null);
    }
    return new RoomPage(List.copyOf(kept), lastScanned);
  }

  /**
   * One page of rooms.
   *
   * @param rooms the rooms, newest activity first
   * @param next where the next page starts, null on the last page
   */
  public record RoomPage(List<Room> rooms, OrderKey next) {}
}

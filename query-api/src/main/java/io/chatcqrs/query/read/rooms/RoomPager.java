package io.chatcqrs.query.read.rooms;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds one page of a user's room list and its total from two reads: a {@link RoomSnapshot} of all
 * the user's rooms decides which rooms there are, their order (keyset after the cursor) and the
 * unread counts of the rooms not on the page; then the page's rooms' content is read in one {@code
 * IN} read, and each page room counts in the total exactly as it is shown. So the total is always
 * the sum of the unread counts the response shows plus those of the user's other rooms.
 *
 * <p>Rooms of chats in fan-out-on-read mode (large groups) come whole with the snapshot ({@link
 * RoomSnapshot.Entry#room()}): the second read is only for {@code rooms_by_user} rooms.
 *
 * <p>A room the second read no longer finds (left or expired in between) is left out of both the
 * page and the total. A room whose activity changed between the two reads is shown as the second
 * read found it, at the place the snapshot gave it; the next read has it in its new place. A walk
 * never repeats a room unless it had new activity meanwhile (it then moves above the cursor, and
 * the live stream tells the client), and always progresses: the cursor is the snapshot's key of the
 * page's last room.
 */
public final class RoomPager {
  private final RoomSource source;

  /** A pager reading from {@code source}. */
  public RoomPager(RoomSource source) {
    this.source = source;
  }

  /**
   * One page of at most {@code limit} rooms after {@code after} (from the top when null).
   *
   * @return the rooms in order, the key to continue after (null when the walk reached the end) and
   *     the user's total unread count as this response shows it
   */
  public Future<RoomPage> page(String userId, OrderKey after, int limit) {
    return source
        .snapshot(userId)
        .compose(
            snapshot -> {
              List<RoomSnapshot.Entry> candidates = snapshot.after(after, limit + 1);
              List<RoomSnapshot.Entry> page =
                  candidates.subList(0, Math.min(limit, candidates.size()));
              OrderKey next = candidates.size() > limit ? page.get(limit - 1).key() : null;
              long others = snapshot.totalUnread();
              List<String> ids = new ArrayList<>(page.size());
              for (RoomSnapshot.Entry entry : page) {
                others -= entry.unread();
                if (entry.room() == null) {
                  ids.add(entry.key().chatId());
                }
              }
              long othersTotal = others;
              if (ids.isEmpty()) {
                return Future.succeededFuture(assemble(page, Map.of(), next, othersTotal));
              }
              return source
                  .rooms(userId, ids)
                  .map(rooms -> assemble(page, rooms, next, othersTotal));
            });
  }

  private static RoomPage assemble(
      List<RoomSnapshot.Entry> page, Map<String, Room> rooms, OrderKey next, long others) {
    List<Room> shown = new ArrayList<>(page.size());
    long total = others;
    for (RoomSnapshot.Entry entry : page) {
      Room room = entry.room() != null ? entry.room() : rooms.get(entry.key().chatId());
      if (room != null) {
        shown.add(room);
        total += room.unreadCount();
      }
    }
    return new RoomPage(List.copyOf(shown), next, total);
  }

  /**
   * One page of rooms.
   *
   * @param rooms the rooms, newest activity first
   * @param next where the next page starts, null on the last page
   * @param totalUnread the user's total unread count: the page's rooms as shown plus the others
   */
  public record RoomPage(List<Room> rooms, OrderKey next, long totalUnread) {}
}

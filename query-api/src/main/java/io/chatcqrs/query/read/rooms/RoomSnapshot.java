package io.chatcqrs.query.read.rooms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Every room a user has, as one read of their {@code rooms_by_user} partition and their {@code
 * large_rooms_by_user} rows (with those chats' rows) saw it: each room's place in the order and its
 * unread count. Rooms that expired (TTL) or were left are not in it. The room list takes from one
 * snapshot which rooms the user has, their order, and the total, so a page and its {@code
 * total_unread} cannot disagree.
 *
 * @param entries the rooms, in no particular order
 */
public record RoomSnapshot(List<Entry> entries) {
  /** A snapshot; the list is copied. */
  public RoomSnapshot {
    entries = List.copyOf(entries);
  }

  /**
   * Up to {@code count} rooms strictly after {@code after} in the room order (from the top when
   * null), newest first. Costs O(n log count) for n rooms.
   */
  public List<Entry> after(OrderKey after, int count) {
    PriorityQueue<Entry> oldestFirst =
        new PriorityQueue<>(count + 1, (a, b) -> OrderKey.NEWEST_FIRST.compare(b.key(), a.key()));
    for (Entry entry : entries) {
      if (after != null && OrderKey.NEWEST_FIRST.compare(entry.key(), after) <= 0) {
        continue;
      }
      oldestFirst.add(entry);
      if (oldestFirst.size() > count) {
        oldestFirst.poll();
      }
    }
    List<Entry> newestFirst = new ArrayList<>(oldestFirst.size());
    while (!oldestFirst.isEmpty()) {
      newestFirst.add(oldestFirst.poll());
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** The sum of the unread counts of all the rooms. */
  public long totalUnread() {
    long total = 0;
    for (Entry entry : entries) {
      total += entry.unread();
    }
    return total;
  }

  /**
   * One room of the snapshot.
   *
   * @param key the room's place in the order
   * @param unread its unread count
   * @param room the room's whole content when the snapshot already read it (a room of a chat in
   *     fan-out-on-read mode, computed from the chat's row and the user's marker); null for a
   *     {@code rooms_by_user} room, whose content the page reads afterwards
   */
  public record Entry(OrderKey key, long unread, Room room) {
    /** A {@code rooms_by_user} room: its content is read with the page. */
    public Entry(OrderKey key, long unread) {
      this(key, unread, null);
    }

    /** A room whose content is known: its key and unread count are the room's. */
    public static Entry of(Room room) {
      return new Entry(room.orderKey(), room.unreadCount(), room);
    }
  }
}

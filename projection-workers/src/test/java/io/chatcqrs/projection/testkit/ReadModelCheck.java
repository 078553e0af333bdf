package io.chatcqrs.projection.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.projection.FanOutMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares every read model in Cassandra (history, chats and their fan-out mode, members and read
 * markers, rooms and unread counts, room order, total unread) with the {@link ReferenceModel};
 * lists the differences. History is also checked for contiguous seqs. Shared through this module's
 * test-jar.
 *
 * <p>Rooms of chats in fan-out-on-write mode must be in {@code rooms_by_user}, {@code
 * room_order_by_user} and the user's {@code user_totals}; rooms of chats in fan-out-on-read mode in
 * {@code large_rooms_by_user} only (marker and joined_at). Whatever the modes, each user's room
 * list merged as the query side merges it (a large room's activity is the later of joined_at and
 * the chats row's last_activity_at, its unread count the chats row's last_seq minus the marker; a
 * chat in both tables counts as large) must show every room of the reference in its order, with its
 * unread count and activity, and sum to the reference's total unread.
 */
public final class ReadModelCheck {
  private final CqlSession session;
  private final String ks;

  public ReadModelCheck(CqlSession session, String keyspace) {
    this.session = session;
    this.ks = keyspace;
  }

  /** The differences between Cassandra and {@code ref}, for every chat and {@code users}. */
  public List<String> differences(ReferenceModel ref, java.util.Collection<String> users) {
    List<String> diffs = new ArrayList<>();
    Map<String, ChatRow> chatRows = new HashMap<>();
    ref.chats.forEach((id, c) -> checkChat(id, c, chatRows, diffs));
    Map<String, Map<String, ReferenceModel.Member>> rooms = ref.roomsByUser();
    for (String user : new java.util.TreeSet<>(users)) {
      checkUser(user, rooms.getOrDefault(user, Map.of()), ref, chatRows, diffs);
    }
    return diffs;
  }

  /** Whether {@code messageId} of {@code chatId} has a row in messages_by_id. */
  public boolean hasMessage(String chatId, String messageId) {
    return one(
            "SELECT seq FROM " + ks + ".messages_by_id WHERE chat_id = ? AND message_id = ?",
            chatId,
            messageId)
        != null;
  }

  private void checkChat(
      String id, ReferenceModel.Chat c, Map<String, ChatRow> chatRows, List<String> diffs) {
    ChatRow chat = chatRow(id, chatRows);
    if (chat == null) {
      diffs.add("chat " + id + " missing");
      return;
    }
    expect(diffs, "chat " + id + " last_seq", c.lastSeq, chat.lastSeq());
    expect(diffs, "chat " + id + " member_count", c.members.size(), chat.memberCount());
    expect(diffs, "chat " + id + " fanout", c.fanOut, chat.fanOut());
    Map<String, Long> markers = new TreeMap<>();
    for (Row r :
        session.execute(
            "SELECT user_id, last_read_seq FROM " + ks + ".members_by_chat WHERE chat_id = ?",
            id)) {
      markers.put(r.getString("user_id"), r.getLong("last_read_seq"));
    }
    Map<String, Long> expected = new TreeMap<>();
    c.members.forEach((u, m) -> expected.put(u, m.lastRead));
    expect(diffs, "members of " + id, expected, markers);
    List<String> history = new ArrayList<>();
    for (long bucket = 0; bucket <= c.lastSeq / 1000; bucket++) {
      for (Row r :
          session.execute(
              "SELECT seq, message_id, sender_id, text, edited_at, deleted FROM "
                  + ks
                  + ".messages_by_chat WHERE chat_id = ? AND bucket = ?",
              id,
              bucket)) {
        history.add(
            message(
                r.getLong("seq"),
                r.getString("message_id"),
                r.getString("sender_id"),
                r.getString("text"),
                r.getInstant("edited_at"),
                r.getBoolean("deleted")));
      }
    }
    history.sort(Comparator.naturalOrder());
    for (int i = 0; i < history.size(); i++) {
      if (!history.get(i).startsWith(String.format("%06d ", i + 1))) {
        diffs.add("history of " + id + " is not 1.." + history.size() + " without gaps");
        break;
      }
    }
    List<String> expectedHistory = new ArrayList<>();
    for (ReferenceModel.Msg m : c.messages) {
      expectedHistory.add(message(m.seq, m.id, m.sender, m.text, m.editedAt, m.deleted));
    }
    expectedHistory.sort(Comparator.naturalOrder());
    expect(diffs, "history of " + id, expectedHistory, history);
  }

  private void checkUser(
      String user,
      Map<String, ReferenceModel.Member> rooms,
      ReferenceModel ref,
      Map<String, ChatRow> chatRows,
      List<String> diffs) {
    // fan-out on write: the user's own rows in rooms_by_user and room_order_by_user
    Map<String, String> actual = new TreeMap<>();
    Map<String, RoomEntry> writeSide = new TreeMap<>();
    for (Row r :
        session.execute(
            "SELECT chat_id, last_seq, last_read_seq, last_activity_at FROM "
                + ks
                + ".rooms_by_user WHERE user_id = ?",
            user)) {
      long unread = r.getLong("last_seq") - r.getLong("last_read_seq");
      actual.put(r.getString("chat_id"), unread + "@" + r.getInstant("last_activity_at"));
      writeSide.put(
          r.getString("chat_id"),
          new RoomEntry(r.getString("chat_id"), unread, r.getInstant("last_activity_at")));
    }
    Map<String, String> expected = new TreeMap<>();
    rooms.forEach(
        (chat, m) -> {
          if (ref.fanOut(chat) == FanOutMode.WRITE) {
            expected.put(chat, (ref.chats.get(chat).lastSeq - m.lastRead) + "@" + m.activity);
          }
        });
    expect(diffs, "rooms of " + user, expected, actual);
    List<String> order = new ArrayList<>();
    for (Row r :
        session.execute(
            "SELECT last_activity_at, chat_id FROM " + ks + ".room_order_by_user WHERE user_id = ?",
            user)) {
      order.add(r.getString("chat_id") + "@" + r.getInstant("last_activity_at"));
    }
    List<String> expectedOrder =
        newestFirst(rooms).stream()
            .filter(e -> ref.fanOut(e.getKey()) == FanOutMode.WRITE)
            .map(e -> e.getKey() + "@" + e.getValue().activity)
            .toList();
    expect(diffs, "room order of " + user, expectedOrder, order);
    Row total = one("SELECT total_unread FROM " + ks + ".user_totals WHERE user_id = ?", user);
    long expectedTotal = ref.writeSideTotalUnread(user);
    if (total != null || expectedTotal != 0) {
      expect(
          diffs,
          "total unread (write side) of " + user,
          expectedTotal,
          total == null ? null : total.getLong("total_unread"));
    }

    // fan-out on read: the user's large_rooms_by_user rows, each joined with its chats row
    Map<String, String> large = new TreeMap<>();
    Map<String, RoomEntry> readSide = new TreeMap<>();
    for (Row r :
        session.execute(
            "SELECT chat_id, last_read_seq, joined_at FROM "
                + ks
                + ".large_rooms_by_user WHERE user_id = ?",
            user)) {
      String chat = r.getString("chat_id");
      long lastRead = r.getLong("last_read_seq");
      Instant joinedAt = r.getInstant("joined_at");
      large.put(chat, lastRead + "@" + joinedAt);
      ChatRow row = chatRow(chat, chatRows);
      if (row == null) {
        diffs.add("large room " + chat + " of " + user + " has no chats row");
        continue;
      }
      Instant activity =
          row.lastActivityAt() == null || joinedAt.isAfter(row.lastActivityAt())
              ? joinedAt
              : row.lastActivityAt();
      readSide.put(chat, new RoomEntry(chat, row.lastSeq() - lastRead, activity));
    }
    Map<String, String> expectedLarge = new TreeMap<>();
    rooms.forEach(
        (chat, m) -> {
          if (ref.fanOut(chat) == FanOutMode.READ) {
            expectedLarge.put(chat, m.lastRead + "@" + m.joinedAt);
          }
        });
    expect(diffs, "large rooms of " + user, expectedLarge, large);

    // the room list as the query side merges it: a chat in both tables counts as large
    List<RoomEntry> merged = new ArrayList<>(readSide.values());
    writeSide.forEach(
        (chat, entry) -> {
          if (!readSide.containsKey(chat)) {
            merged.add(entry);
          }
        });
    merged.sort(RoomEntry.NEWEST_FIRST);
    List<String> expectedList =
        newestFirst(rooms).stream()
            .map(
                e ->
                    e.getKey()
                        + "#"
                        + (ref.chats.get(e.getKey()).lastSeq - e.getValue().lastRead)
                        + "@"
                        + e.getValue().activity)
            .toList();
    expect(
        diffs,
        "room list of " + user,
        expectedList,
        merged.stream().map(RoomEntry::toString).toList());
    expect(
        diffs,
        "room list total unread of " + user,
        ref.totalUnread(user),
        merged.stream().mapToLong(RoomEntry::unread).sum());
  }

  private static List<Map.Entry<String, ReferenceModel.Member>> newestFirst(
      Map<String, ReferenceModel.Member> rooms) {
    return rooms.entrySet().stream()
        .sorted(
            Comparator.comparing(
                    (Map.Entry<String, ReferenceModel.Member> e) -> e.getValue().activity)
                .thenComparing(Map.Entry::getKey)
                .reversed())
        .toList();
  }

  private ChatRow chatRow(String id, Map<String, ChatRow> cache) {
    ChatRow cached = cache.get(id);
    if (cached != null) {
      return cached;
    }
    Row r =
        one(
            "SELECT last_seq, member_count, last_activity_at, fanout FROM "
                + ks
                + ".chats WHERE chat_id = ?",
            id);
    if (r == null) {
      return null;
    }
    ChatRow row =
        new ChatRow(
            r.getLong("last_seq"),
            r.getInt("member_count"),
            r.getInstant("last_activity_at"),
            FanOutMode.fromWire(r.getString("fanout")));
    cache.put(id, row);
    return row;
  }

  /** The columns of a chats row the checks use. */
  private record ChatRow(
      long lastSeq, int memberCount, Instant lastActivityAt, FanOutMode fanOut) {}

  /** One room of a user's merged room list: its unread count and its place in the order. */
  private record RoomEntry(String chatId, long unread, Instant activity) {
    static final Comparator<RoomEntry> NEWEST_FIRST =
        Comparator.comparing(RoomEntry::activity).thenComparing(RoomEntry::chatId).reversed();

    @Override
    public String toString() {
      return chatId + "#" + unread + "@" + activity;
    }
  }

  private Row one(String cql, Object... values) {
    return session.execute(cql, values).one();
  }

  private static String message(
      long seq, String id, String sender, String text, Instant editedAt, boolean deleted) {
    return String.format("%06d %s %s %s %s %s", seq, id, sender, text, editedAt, deleted);
  }

  private static void expect(List<String> diffs, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      String e = String.valueOf(expected);
      String a = String.valueOf(actual);
      diffs.add(
          what
              + ": expected "
              + e.substring(0, Math.min(300, e.length()))
              + " but was "
              + a.substring(0, Math.min(300, a.length())));
    }
  }
}

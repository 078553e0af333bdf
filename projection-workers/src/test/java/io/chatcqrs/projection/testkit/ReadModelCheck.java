package io.chatcqrs.projection.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compares every read model in Cassandra (history, chats, members and read markers, rooms and
 * unread counts, room order, total unread) with the {@link ReferenceModel}; lists the differences.
 * History is also checked for contiguous seqs. Shared through this module's test-jar.
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
    ref.chats.forEach((id, c) -> checkChat(id, c, diffs));
    Map<String, Map<String, ReferenceModel.Member>> rooms = ref.roomsByUser();
    for (String user : new java.util.TreeSet<>(users)) {
      checkUser(user, rooms.getOrDefault(user, Map.of()), ref, diffs);
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

  private void checkChat(String id, ReferenceModel.Chat c, List<String> diffs) {
    Row chat = one("SELECT last_seq, member_count FROM " + ks + ".chats WHERE chat_id = ?", id);
    if (chat == null) {
      diffs.add("chat " + id + " missing");
      return;
    }
    expect(diffs, "chat " + id + " last_seq", c.lastSeq, chat.getLong("last_seq"));
    expect(diffs, "chat " + id + " member_count", c.members.size(), chat.getInt("member_count"));
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
      List<String> diffs) {
    Map<String, String> actual = new TreeMap<>();
    for (Row r :
        session.execute(
            "SELECT chat_id, last_seq, last_read_seq, last_activity_at FROM "
                + ks
                + ".rooms_by_user WHERE user_id = ?",
            user)) {
      long unread = r.getLong("last_seq") - r.getLong("last_read_seq");
      actual.put(r.getString("chat_id"), unread + "@" + r.getInstant("last_activity_at"));
    }
    Map<String, String> expected = new TreeMap<>();
    rooms.forEach(
        (chat, m) ->
            expected.put(chat, (ref.chats.get(chat).lastSeq - m.lastRead) + "@" + m.activity));
    expect(diffs, "rooms of " + user, expected, actual);
    List<String> order = new ArrayList<>();
    for (Row r :
        session.execute(
            "SELECT last_activity_at, chat_id FROM " + ks + ".room_order_by_user WHERE user_id = ?",
            user)) {
      order.add(r.getString("chat_id") + "@" + r.getInstant("last_activity_at"));
    }
    List<String> expectedOrder =
        rooms.entrySet().stream()
            .sorted(
                Comparator.comparing(
                        (Map.Entry<String, ReferenceModel.Member> e) -> e.getValue().activity)
                    .thenComparing(Map.Entry::getKey)
                    .reversed())
            .map(e -> e.getKey() + "@" + e.getValue().activity)
            .toList();
    expect(diffs, "room order of " + user, expectedOrder, order);
    Row total = one("SELECT total_unread FROM " + ks + ".user_totals WHERE user_id = ?", user);
    long expectedTotal = ref.totalUnread(user);
    if (total != null || expectedTotal != 0) {
      expect(
          diffs,
          "total unread of " + user,
          expectedTotal,
          total == null ? null : total.getLong("total_unread"));
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

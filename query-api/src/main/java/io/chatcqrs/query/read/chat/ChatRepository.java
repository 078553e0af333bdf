package io.chatcqrs.query.read.chat;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.query.read.PreparedStatements;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code chats} and {@code members_by_chat}: a chat's row, its members with their read
 * markers, and whether one user is a member.
 */
public final class ChatRepository {
  private final GuardedCassandra cassandra;
  private final PreparedStatement chat;
  private final PreparedStatement membersFirst;
  private final PreparedStatement membersAfter;
  private final PreparedStatement member;

  private ChatRepository(GuardedCassandra cassandra, Map<String, PreparedStatement> prepared) {
    this.cassandra = cassandra;
    this.chat = prepared.get("chat");
    this.membersFirst = prepared.get("membersFirst");
    this.membersAfter = prepared.get("membersAfter");
    this.member = prepared.get("member");
  }

  /** Prepares the statements (asynchronously) against {@code keyspace}. */
  public static Future<ChatRepository> prepare(GuardedCassandra cassandra, String keyspace) {
    return new PreparedStatements(cassandra.session(), keyspace)
        .add(
            "chat",
            "SELECT chat_id, type, title, last_seq, member_count FROM %s.chats WHERE chat_id = ?")
        .add(
            "membersFirst",
            "SELECT user_id, last_read_seq FROM %s.members_by_chat WHERE chat_id = :chat_id"
                + " LIMIT :max_rows")
        .add(
            "membersAfter",
            "SELECT user_id, last_read_seq FROM %s.members_by_chat WHERE chat_id = :chat_id"
                + " AND user_id > :after LIMIT :max_rows")
        .add(
            "member",
            "SELECT last_read_seq FROM %s.members_by_chat WHERE chat_id = ? AND user_id = ?")
        .prepareAll()
        .map(prepared -> new ChatRepository(cassandra, prepared));
  }

  /** The chat's row, or null when unknown. */
  public Future<ChatRow> chat(String chatId) {
    return cassandra
        .one(chat.bind(chatId))
        .map(
            row ->
                row == null
                    ? null
                    : new ChatRow(
                        row.getString("chat_id"),
                        row.getString("type"),
                        row.getString("title"),
                        row.getLong("last_seq"),
                        row.isNull("member_count") ? null : row.getInt("member_count")));
  }

  /**
   * Up to {@code limit} of the chat's members with their read markers, ordered by user id, after
   * {@code afterUserId} (from the first when null): one slice of the chat's partition.
   */
  public Future<List<Member>> members(String chatId, String afterUserId, int limit) {
    var statement =
        afterUserId == null
            ? membersFirst.boundStatementBuilder()
            : membersAfter.boundStatementBuilder().setString("after", afterUserId);
    return cassandra
        .rows(
            statement
                .setString("chat_id", chatId)
                .setInt("max_rows", limit)
                .setPageSize(limit + 1)
                .build())
        .map(rows -> rows.stream().map(ChatRepository::toMember).toList());
  }

  /** Whether {@code userId} is currently a member of the chat. */
  public Future<Boolean> isMember(String chatId, String userId) {
    return cassandra.one(member.bind(chatId, userId)).map(row -> row != null);
  }

  private static Member toMember(Row row) {
    return new Member(row.getString("user_id"), row.getLong("last_read_seq"));
  }

  /**
   * A chat's row.
   *
   * @param chatId the chat
   * @param type "direct" or "group"
   * @param title the title, may be null
   * @param lastSeq the seq of its last message (0 when none)
   * @param memberCount how many members it has (null in rows written before the count existed)
   */
  public record ChatRow(
      String chatId, String type, String title, long lastSeq, Integer memberCount) {}

  /**
   * A member and their read marker.
   *
   * @param userId the member
   * @param lastReadSeq their read marker
   */
  public record Member(String userId, long lastReadSeq) {}
}

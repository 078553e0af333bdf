package io.chatcqrs.query.read.history;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.query.read.PreparedStatements;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** Reads {@code messages_by_chat} one bucket at a time, with statements prepared once. */
public final class MessageRepository implements MessageSource {
  private static final String COLUMNS =
      "SELECT message_id, seq, sender_id, text, sent_at, edited_at, deleted"
          + " FROM %s.messages_by_chat WHERE chat_id = ? AND bucket = ?";

  private final GuardedCassandra cassandra;
  private final PreparedStatement before;
  private final PreparedStatement after;

  private MessageRepository(GuardedCassandra cassandra, Map<String, PreparedStatement> prepared) {
    this.cassandra = cassandra;
    this.before = prepared.get("before");
    this.after = prepared.get("after");
  }

  /** Prepares the statements (asynchronously) against {@code keyspace}. */
  public static Future<MessageRepository> prepare(GuardedCassandra cassandra, String keyspace) {
    return new PreparedStatements(cassandra.session(), keyspace)
        .add("before", COLUMNS + " AND seq < ? ORDER BY seq DESC LIMIT ?")
        .add("after", COLUMNS + " AND seq > ? ORDER BY seq ASC LIMIT ?")
        .prepareAll()
        .map(prepared -> new MessageRepository(cassandra, prepared));
  }

  @Override
  public Future<List<Message>> bucket(
      String chatId, long bucket, long bound, boolean backward, int count) {
    PreparedStatement statement = backward ? before : after;
    return cassandra
        .rows(statement.bind(chatId, bucket, bound, count).setPageSize(count + 1))
        .map(rows -> rows.stream().map(MessageRepository::toMessage).toList());
  }

  private static Message toMessage(Row row) {
    return new Message(
        row.getString("message_id"),
        row.getLong("seq"),
        row.getString("sender_id"),
        row.getString("text"),
        row.getInstant("sent_at"),
        row.getInstant("edited_at"),
        row.getBoolean("deleted"));
  }
}

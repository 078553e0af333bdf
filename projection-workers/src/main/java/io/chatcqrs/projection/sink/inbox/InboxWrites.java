package io.chatcqrs.projection.sink.inbox;

import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.sink.cql.Bindings;
import io.chatcqrs.projection.sink.cql.Expiry;
import io.chatcqrs.projection.sink.cql.RowWrite;
import io.chatcqrs.projection.sink.cql.SinkStatement;
import java.util.List;
import java.util.Optional;

/**
 * A user's inbox ({@code user_inbox}): every user event keyed by its position in
 * chat.user-events.v1, what SSE resumes from ({@code Last-Event-ID}). The TTL counts from the
 * event's {@code occurred_at}; an event older than the TTL is not written at all.
 */
public final class InboxWrites {
  /** Inserts one event; an unknown occurred_at leaves the column unset. */
  public static final SinkStatement INSERT_INBOX =
      SinkStatement.of(
          "user_inbox",
          "INSERT INTO {keyspace}.user_inbox (user_id, event_partition, event_offset, kind,"
              + " chat_id, data, occurred_at) VALUES (:user_id, :event_partition, :event_offset,"
              + " :kind, :chat_id, :data, :occurred_at) USING TTL :ttl AND TIMESTAMP :ts");

  /** Every statement of this read model, for preparing. */
  public static final List<SinkStatement> STATEMENTS = List.of(INSERT_INBOX);

  private final Expiry expiry;

  /** Inbox rows that expire {@code expiry} after their event occurred. */
  public InboxWrites(Expiry expiry) {
    this.expiry = expiry;
  }

  /** The inbox row of {@code e}, read at {@code partition}/{@code offset}, at {@code ts}. */
  public Optional<RowWrite> of(UserEvent e, int partition, long offset, long ts) {
    int ttl = e.occurredAt() == null ? expiry.seconds() : expiry.secondsLeftSince(e.occurredAt());
    if (ttl <= 0) {
      return Optional.empty();
    }
    String user = e.userId().value();
    return Optional.of(
        INSERT_INBOX.write(
            "user_inbox|" + user,
            Bindings.named()
                .set("user_id", user)
                .set("event_partition", partition)
                .set("event_offset", offset)
                .set("kind", e.kind())
                .set("chat_id", e.chatId().value())
                .set("data", e.data().toString())
                .setOrUnset("occurred_at", e.occurredAt())
                .set("ttl", ttl)
                .set("ts", ts)));
  }
}

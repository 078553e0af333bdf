package io.chatcqrs.command.readmodel;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chatcqrs.platform.async.Futures;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command side's optional Cassandra session: opened at start, and again every few seconds until
 * it succeeds if Cassandra (or the read-model schema) is not there yet. Until it is, every command
 * that needs a pre-check answers 503 (nothing can be verified). Statements are prepared once per
 * session.
 */
public final class ReadModelConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModelConnection.class);

  private final Vertx vertx;
  private final ServiceConfig config;
  private final Duration retryEvery;
  private volatile Statements statements;
  private volatile CqlSession session;
  private volatile boolean closed;
  private long retryTimer = -1;

  /** Not connected until {@link #connect()}. */
  public ReadModelConnection(Vertx vertx, ServiceConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.retryEvery = config.millis("cassandra.reconnect-ms", Duration.ofSeconds(5));
  }

  /**
   * Tries once to connect and prepare; on failure keeps retrying in the background. The future
   * always succeeds, when the first attempt finished either way.
   */
  public Future<Void> connect() {
    if (closed || statements != null) {
      return Future.succeededFuture();
    }
    Future<CqlSession> opened =
        session != null ? Future.succeededFuture(session) : Cassandra.open(vertx, config);
    return opened
        .compose(
            open -> {
              session = open;
              return prepare(open);
            })
        .onSuccess(prepared -> statements = prepared)
        .onFailure(
            failure -> {
              LOG.warn(
                  "read model not available yet ({}); commands answer 503 until it is",
                  failure.toString());
              if (!closed) {
                retryTimer = vertx.setTimer(retryEvery.toMillis(), id -> connect());
              }
            })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** The prepared statements, once connected. */
  public Optional<Statements> statements() {
    return Optional.ofNullable(statements);
  }

  /** The session, once opened (for health checks); null before. */
  public CqlSession session() {
    return session;
  }

  /** Stops retrying and closes the session. */
  public Future<Void> close() {
    closed = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    return Cassandra.close(session);
  }

  private Future<Statements> prepare(CqlSession open) {
    String ks = Cassandra.keyspace(config);
    Future<PreparedStatement> chat =
        Futures.from(open.prepareAsync("SELECT type FROM " + ks + ".chats WHERE chat_id = ?"));
    Future<PreparedStatement> member =
        Futures.from(
            open.prepareAsync(
                "SELECT user_id FROM "
                    + ks
                    + ".members_by_chat WHERE chat_id = ? AND user_id = ?"));
    Future<PreparedStatement> message =
        Futures.from(
            open.prepareAsync(
                "SELECT sender_id, deleted FROM "
                    + ks
                    + ".messages_by_id WHERE chat_id = ? AND message_id = ?"));
    Future<PreparedStatement> memberCount =
        Futures.from(
            open.prepareAsync(
                "SELECT member_count FROM " + ks + ".chats WHERE chat_id = :chat_id"));
    Future<PreparedStatement> members =
        Futures.from(
            open.prepareAsync(
                "SELECT user_id FROM "
                    + ks
                    + ".members_by_chat WHERE chat_id = :chat_id AND user_id IN :user_ids"));
    Future<PreparedStatement> applied =
        Futures.from(
            open.prepareAsync(
                "SELECT applied_offset FROM "
                    + ks
                    + ".projection_positions WHERE projection = ? AND event_partition = ?"));
    return Future.all(chat, member, message, memberCount, members, applied)
        .map(
            all ->
                new Statements(
                    open,
                    chat.result(),
                    member.result(),
                    message.result(),
                    memberCount.result(),
                    members.result(),
                    applied.result()));
  }

  /** The session and its prepared lookups. */
  public static final class Statements {
    final CqlSession session;
    final PreparedStatement chat;
    final PreparedStatement member;
    final PreparedStatement message;
    final PreparedStatement memberCount;
    final PreparedStatement members;
    final PreparedStatement applied;

    Statements(
        CqlSession session,
        PreparedStatement chat,
        PreparedStatement member,
        PreparedStatement message,
        PreparedStatement memberCount,
        PreparedStatement members,
        PreparedStatement applied) {
      this.session = session;
      this.chat = chat;
      this.member = member;
      this.message = message;
      this.memberCount = memberCount;
      this.members = members;
      this.applied = applied;
    }
  }
}

package io.chatcqrs.command.readmodel;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.async.Futures;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the command side knows from the read models ({@code chats}, {@code members_by_chat}, {@code
 * messages_by_id}), for pre-checks only. Answers are cached: "no such row" and message rows for a
 * short time (default 2 s: they change as the projection catches up, and an edit after a delete
 * should see the delete), a chat's row or a member's row for longer (default 30 s: a chat's type
 * never changes, and a member who left a moment ago passing the pre-check is still rejected by the
 * projection; caching them is what spares a Cassandra read on nearly every send). A {@link
 * Lookup#unknown() unknown} answer (Cassandra not connected, failing or slower than the lookup
 * timeout) never rejects a command, and neither does a row that is merely missing where the
 * projection may not have caught up: the projection's per-chat stage has the last word. Skipped
 * lookups are logged (rate-limited) and counted.
 */
public final class ReadModel {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModel.class);

  private final ReadModelConnection connection;
  private final Duration lookupTimeout;
  private final Counter skipped;
  private final AsyncCache<Object, Optional<Object>> cache;
  private volatile long lastSkipLogNanos;

  /**
   * @param connection the (re)connecting Cassandra session and prepared statements
   * @param cacheFor how long an absent row or a message row is reused
   * @param cacheFoundFor how long a chat row or a member row that was found is reused
   * @param lookupTimeout how long a pre-check may wait for Cassandra before it is skipped
   * @param skipped counts skipped pre-checks
   */
  public ReadModel(
      ReadModelConnection connection,
      Duration cacheFor,
      Duration cacheFoundFor,
      Duration lookupTimeout,
      Counter skipped) {
    this.connection = connection;
    this.lookupTimeout = lookupTimeout;
    this.skipped = skipped;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfter(new ByAnswer(cacheFor.toNanos(), cacheFoundFor.toNanos()))
            .buildAsync();
  }

  /** The chat's type, if the read model has the chat. */
  public Future<Lookup<ChatType>> chatType(ChatId chat) {
    return lookup(
        new ChatKey(chat),
        statements -> statements.chat.bind(chat.value()),
        row -> typeOf(row.getString("type")));
  }

  /**
   * Whether {@code user} is a member of {@code chat}: {@code Optional.of(true/false)} when the chat
   * is known, empty when the chat itself is unknown (just created, or no answer).
   */
  public Future<Optional<Boolean>> isMember(ChatId chat, UserId user) {
    // The chat first, then the member: the projection writes a chat's row in the same batch as
    // the members it was created with, so once the chat is visible its creators are too, and a
    // chat created a moment ago is never mistaken for one the user is not in.
    return chatType(chat)
        .compose(
            type -> {
              if (type.found().isEmpty()) {
                return Future.succeededFuture(Optional.<Boolean>empty());
              }
              return lookup(
                      new MemberKey(chat, user),
                      statements -> statements.member.bind(chat.value(), user.value()),
                      row -> Boolean.TRUE)
                  .map(
                      member ->
                          member.found().isPresent()
                              ? Optional.of(Boolean.TRUE)
                              : member.answered()
                                  ? Optional.of(Boolean.FALSE)
                                  : Optional.<Boolean>empty());
            });
  }

  /** The message's sender and deletion flag, if the read model has it. */
  public Future<Lookup<MessageView>> message(ChatId chat, MessageId message) {
    return lookup(
        new MessageKey(chat, message),
        statements -> statements.message.bind(chat.value(), message.value()),
        row ->
            new MessageView(
                UserId.of(row.getString("sender_id")),
                Boolean.TRUE.equals(row.getBoolean("deleted"))));
  }

  @SuppressWarnings("unchecked")
  private <T> Future<Lookup<T>> lookup(
      Object key,
      Function<ReadModelConnection.Statements, com.datastax.oss.driver.api.core.cql.BoundStatement>
          bind,
      Function<Row, T> map) {
    Optional<ReadModelConnection.Statements> statements = connection.statements();
    if (statements.isEmpty()) {
      return skip("Cassandra is not connected", null);
    }
    CqlSession session = statements.get().session;
    CompletableFuture<Optional<Object>> answer =
        cache.get(
            key,
            (k, executor) ->
                session
                    .executeAsync(bind.apply(statements.get()))
                    .thenApply(
                        rows -> Optional.ofNullable(rows.one()).map(row -> (Object) map.apply(row)))
                    .toCompletableFuture()
                    .orTimeout(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS));
    return Futures.from(answer)
        .map(found -> Lookup.answer((Optional<T>) found))
        .recover(failure -> skip("Cassandra lookup failed", failure));
  }

  private <T> Future<Lookup<T>> skip(String why, Throwable failure) {
    skipped.increment();
    long now = System.nanoTime();
    if (now - lastSkipLogNanos > TimeUnit.SECONDS.toNanos(10)) {
      lastSkipLogNanos = now;
      LOG.warn("pre-check skipped: {}{}", why, failure == null ? "" : " (" + failure + ")");
    }
    return Future.succeededFuture(Lookup.unknown());
  }

  private static ChatType typeOf(String wire) {
    return wire == null ? ChatType.GROUP : ChatType.fromWire(wire);
  }

  /** A message as far as pre-checks care. */
  public record MessageView(UserId sender, boolean deleted) {}

  /** Found chat and member rows live longer than anything else (see the class comment). */
  record ByAnswer(long shortNanos, long foundNanos) implements Expiry<Object, Optional<Object>> {
    @Override
    public long expireAfterCreate(Object key, Optional<Object> answer, long now) {
      boolean stable = answer.isPresent() && !(key instanceof MessageKey);
      return stable ? foundNanos : shortNanos;
    }

    @Override
    public long expireAfterUpdate(Object key, Optional<Object> answer, long now, long left) {
      return expireAfterCreate(key, answer, now);
    }

    @Override
    public long expireAfterRead(Object key, Optional<Object> answer, long now, long left) {
      return left;
    }
  }

  record ChatKey(ChatId chat) {}

  record MemberKey(ChatId chat, UserId user) {}

  record MessageKey(ChatId chat, MessageId message) {}
}

package io.chatcqrs.command.readmodel;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.platform.async.Futures;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the command side knows from the read models ({@code chats}, {@code members_by_chat}, {@code
 * messages_by_id}), for the pre-checks, which are authoritative: a row that is absent means the
 * command is refused, and a lookup Cassandra cannot answer within the lookup timeout is {@link
 * Lookup#unknown() unknown} (the command answers 503), never a pass.
 *
 * <p>Answers are cached. A chat or member row that was found is reused for long (default 30 s) only
 * while the {@link VerdictTail verdict tail} is fresh: the tail applies every accepted ChatCreated,
 * MemberJoined and MemberLeft of {@code chat.sequenced.v1} to the cache as it happens ({@link
 * #apply}), so a removal is seen here before the read model even has it. While the tail is not
 * fresh, everything is cached for the short time only (default 2 s), and the moment it stops being
 * fresh the whole cache is dropped, since verdicts may have been missed. Absent rows and message
 * rows are always short-lived. Lookups Cassandra could not answer are counted and logged
 * (rate-limited).
 */
public final class ReadModel {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModel.class);

  /** The most ids {@link #members} reads at once: the per-request bound of ids. */
  public static final int MAX_MEMBERS_READ = 1000;

  private final ReadModelConnection connection;
  private final Duration lookupTimeout;
  private final Counter unavailable;
  private final ByAnswer expiry;
  private final AsyncCache<Object, Cached> cache;
  private volatile long lastUnavailableLogNanos;

  /**
   * @param connection the (re)connecting Cassandra session and prepared statements
   * @param cacheFor how long an absent row or a message row is reused, and any row while the
   *     verdict tail is not fresh
   * @param cacheFoundFor how long a chat row or a member row (found or told by a verdict) is reused
   *     while the verdict tail is fresh
   * @param lookupTimeout how long a pre-check may wait for Cassandra before the command answers 503
   * @param unavailable counts lookups Cassandra did not answer
   */
  public ReadModel(
      ReadModelConnection connection,
      Duration cacheFor,
      Duration cacheFoundFor,
      Duration lookupTimeout,
      Counter unavailable) {
    this.connection = connection;
    this.lookupTimeout = lookupTimeout;
    this.unavailable = unavailable;
    this.expiry = new ByAnswer(cacheFor.toNanos(), cacheFoundFor.toNanos());
    this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfter(expiry).buildAsync();
  }

  /** The chat's type, if the read model has the chat. */
  public Future<Lookup<ChatType>> chatType(ChatId chat) {
    return lookup(
        new ChatKey(chat),
        statements -> statements.chat.bind(chat.value()),
        row -> typeOf(row.getString("type")));
  }

  /**
   * Whether {@code user} is a member of {@code chat}: found ({@code TRUE}) or absent. Absent is the
   * same answer for a chat that does not exist and one the user is not in; only the member row is
   * read, so neither the answer nor the work done differs between the two.
   */
  public Future<Lookup<Boolean>> member(ChatId chat, UserId user) {
    return lookup(
        new MemberKey(chat, user),
        statements -> statements.member.bind(chat.value(), user.value()),
        row -> Boolean.TRUE);
  }

  /** The message's sender and deletion flag, if the read model has it. */
  public Future<Lookup<MessageView>> message(ChatId chat, MessageId message) {
    return message(chat, message, false);
  }

  /**
   * Like {@link #message(ChatId, MessageId)}; with {@code pastCache} the row is read from Cassandra
   * even if an answer is cached (a message awaited by {@link MessageWait}), and the new answer is
   * cached.
   */
  public Future<Lookup<MessageView>> message(ChatId chat, MessageId message, boolean pastCache) {
    MessageKey key = new MessageKey(chat, message);
    if (pastCache) {
      cache.synchronous().invalidate(key);
    }
    return lookup(
        key,
        statements -> statements.message.bind(chat.value(), message.value()),
        row ->
            new MessageView(
                UserId.of(row.getString("sender_id")),
                Boolean.TRUE.equals(row.getBoolean("deleted"))));
  }

  /**
   * Applies an accepted verdict to the cache: a chat's creation makes its type and its creators
   * known, a join makes the member known, a leave makes them a non-member, each for the long time.
   * A verdict replaces any cached answer (and any lookup still in flight for it). Other verdicts
   * change nothing here.
   */
  public void apply(SequencedEvent verdict) {
    if (verdict.outcome() != SequencedEvent.Outcome.ACCEPTED) {
      return;
    }
    ChatId chat = verdict.chatId();
    ChatEvent event = verdict.event();
    if (event instanceof ChatCreated created) {
      told(new ChatKey(chat), created.type());
      created.members().forEach(user -> told(new MemberKey(chat, user), Boolean.TRUE));
    } else if (event instanceof MemberJoined joined) {
      told(new MemberKey(chat, joined.userId()), Boolean.TRUE);
    } else if (event instanceof MemberLeft left) {
      told(new MemberKey(chat, left.userId()), null);
    }
  }

  /** Drops what is cached about the chat and these users' membership in it. */
  public void forget(ChatId chat, Collection<UserId> users) {
    cache.synchronous().invalidate(new ChatKey(chat));
    users.forEach(user -> cache.synchronous().invalidate(new MemberKey(chat, user)));
  }

  /**
   * Tells whether verdicts are being applied promptly. When they stop being, every cached answer is
   * dropped (verdicts may be missed) and new answers are cached for the short time only.
   */
  public void verdictsFresh(boolean fresh) {
    boolean was = expiry.fresh;
    expiry.fresh = fresh;
    if (was && !fresh) {
      cache.synchronous().invalidateAll();
    }
  }

  /**
   * The chat's {@code member_count} as the read model has it (0 when the row has none), if the read
   * model has the chat; unknown when Cassandra does not answer. Never cached: every join changes
   * it, and the group-size check that reads it runs once per add-member request.
   */
  public Future<Lookup<Integer>> memberCount(ChatId chat) {
    Optional<ReadModelConnection.Statements> statements = connection.statements();
    if (statements.isEmpty()) {
      return unavailable("Cassandra is not connected", null);
    }
    CompletableFuture<Optional<Integer>> answer =
        execute(
            statements.get(),
            statements.get().memberCount.bind().setString("chat_id", chat.value()),
            row -> row.isNull("member_count") ? 0 : row.getInt("member_count"));
    return Futures.from(answer)
        .map(Lookup::answer)
        .recover(failure -> unavailable("Cassandra lookup failed", failure));
  }

  /**
   * Which of {@code users} the read model has as members of {@code chat} (in {@code
   * members_by_chat}); unknown when Cassandra does not answer. One {@code IN} read of the listed
   * ids on the chat's partition (at most {@value #MAX_MEMBERS_READ} ids, the per-request bound),
   * never cached: it backs the group-size check, which must not count ids already in the group.
   *
   * @throws IllegalArgumentException for more than {@value #MAX_MEMBERS_READ} ids
   */
  public Future<Lookup<Set<UserId>>> members(ChatId chat, Collection<UserId> users) {
    if (users.size() > MAX_MEMBERS_READ) {
      throw new IllegalArgumentException(
          "at most " + MAX_MEMBERS_READ + " ids per read, got " + users.size());
    }
    if (users.isEmpty()) {
      return Future.succeededFuture(Lookup.answer(Optional.of(Set.of())));
    }
    Optional<ReadModelConnection.Statements> statements = connection.statements();
    if (statements.isEmpty()) {
      return unavailable("Cassandra is not connected", null);
    }
    BoundStatement statement =
        statements
            .get()
            .members
            .bind()
            .setString("chat_id", chat.value())
            .setList("user_ids", users.stream().map(UserId::value).toList(), String.class);
    Set<UserId> found = new HashSet<>();
    CompletableFuture<Set<UserId>> answer =
        allRows(statements.get().session.executeAsync(statement), found)
            .toCompletableFuture()
            .orTimeout(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return Futures.from(answer)
        .map(members -> Lookup.answer(Optional.of(Set.copyOf(members))))
        .recover(failure -> unavailable("Cassandra lookup failed", failure));
  }

  /** Collects the user ids of every page of {@code page} into {@code into}. */
  private static CompletionStage<Set<UserId>> allRows(
      CompletionStage<AsyncResultSet> page, Set<UserId> into) {
    return page.thenCompose(
        rows -> {
          rows.currentPage().forEach(row -> into.add(UserId.of(row.getString("user_id"))));
          return rows.hasMorePages()
              ? allRows(rows.fetchNextPage(), into)
              : CompletableFuture.completedFuture(into);
        });
  }

  /**
   * The source offset of {@code chat.events.v1}'s {@code partition} up to which the projection has
   * applied every event to the read model (inclusive), or -1 when none; unknown when Cassandra does
   * not answer. Never cached.
   */
  public Future<Lookup<Long>> appliedOffset(String projection, int partition) {
    Optional<ReadModelConnection.Statements> statements = connection.statements();
    if (statements.isEmpty()) {
      return unavailable("Cassandra is not connected", null);
    }
    CompletableFuture<Optional<Long>> answer =
        execute(
            statements.get(),
            statements.get().applied.bind(projection, partition),
            row -> row.getLong(0));
    return Futures.from(answer)
        .map(found -> Lookup.answer(Optional.of(found.orElse(-1L))))
        .recover(failure -> unavailable("Cassandra lookup failed", failure));
  }

  private void told(Object key, Object row) {
    cache.put(key, CompletableFuture.completedFuture(new Cached(row, true)));
  }

  @SuppressWarnings("unchecked")
  private <T> Future<Lookup<T>> lookup(
      Object key,
      Function<ReadModelConnection.Statements, BoundStatement> bind,
      Function<Row, T> map) {
    Optional<ReadModelConnection.Statements> statements = connection.statements();
    if (statements.isEmpty()) {
      return unavailable("Cassandra is not connected", null);
    }
    CompletableFuture<Cached> answer =
        cache.get(
            key,
            (k, executor) ->
                execute(statements.get(), bind.apply(statements.get()), map)
                    .thenApply(found -> new Cached(found.orElse(null), false)));
    return Futures.from(answer)
        .map(cached -> Lookup.answer(Optional.ofNullable((T) cached.row())))
        .recover(failure -> unavailable("Cassandra lookup failed", failure));
  }

  /** Reads the one row {@code statement} selects, within the lookup timeout. */
  private <T> CompletableFuture<Optional<T>> execute(
      ReadModelConnection.Statements statements, BoundStatement statement, Function<Row, T> map) {
    return statements
        .session
        .executeAsync(statement)
        .thenApply(rows -> Optional.ofNullable(rows.one()).map(map))
        .toCompletableFuture()
        .orTimeout(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> Future<Lookup<T>> unavailable(String why, Throwable failure) {
    unavailable.increment();
    long now = System.nanoTime();
    if (now - lastUnavailableLogNanos > TimeUnit.SECONDS.toNanos(10)) {
      lastUnavailableLogNanos = now;
      LOG.warn(
          "pre-check could not be answered, commands get 503: {}{}",
          why,
          failure == null ? "" : " (" + failure + ")");
    }
    return Future.succeededFuture(Lookup.unknown());
  }

  private static ChatType typeOf(String wire) {
    return wire == null ? ChatType.GROUP : ChatType.fromWire(wire);
  }

  /** A message as far as pre-checks care. */
  public record MessageView(UserId sender, boolean deleted) {}

  /**
   * A cached answer: the row's value (null: no such row), and whether a verdict told it rather than
   * a lookup.
   */
  record Cached(Object row, boolean fromVerdict) {}

  /**
   * How long an answer lives (see the class comment): chat and member answers that a verdict told,
   * or rows found, live long while the verdict tail is fresh; everything else, short.
   */
  static final class ByAnswer implements Expiry<Object, Cached> {
    private final long shortNanos;
    private final long foundNanos;
    volatile boolean fresh;

    ByAnswer(long shortNanos, long foundNanos) {
      this.shortNanos = shortNanos;
      this.foundNanos = foundNanos;
    }

    @Override
    public long expireAfterCreate(Object key, Cached answer, long now) {
      boolean stable =
          !(key instanceof MessageKey) && (answer.fromVerdict() || answer.row() != null);
      return fresh && stable ? foundNanos : shortNanos;
    }

    @Override
    public long expireAfterUpdate(Object key, Cached answer, long now, long left) {
      return expireAfterCreate(key, answer, now);
    }

    @Override
    public long expireAfterRead(Object key, Cached answer, long now, long left) {
      return left;
    }
  }

  record ChatKey(ChatId chat) {}

  record MemberKey(ChatId chat, UserId user) {}

  record MessageKey(ChatId chat, MessageId message) {}
}

package io.chatcqrs.command.idempotency;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.async.Futures;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code idempotency_keys} table of the read-model keyspace (migration {@code V0002}): one row
 * per (caller, key), shared by every command-api instance. Every write is a lightweight
 * transaction, so two instances never both claim a key:
 *
 * <ul>
 *   <li>{@link #claim}: {@code INSERT ... IF NOT EXISTS} with the short in-flight TTL; when the key
 *       is taken, the same round trip returns the row that holds it;
 *   <li>{@link #record}: {@code UPDATE ... IF claim_id = ours} writing the answer and rewriting the
 *       fingerprint with the long TTL (the claim's own cells expire with the in-flight TTL); if the
 *       claim expired meanwhile, {@code INSERT ... IF NOT EXISTS} of the answer;
 *   <li>{@link #release}: {@code DELETE ... IF claim_id = ours}, so the key is free again.
 * </ul>
 *
 * Async driver API only; statements are prepared once per session, on first use (or by {@link
 * #prepare()} at start). Every call fails (never blocks) when Cassandra is not connected or slower
 * than the timeout.
 */
public final class IdempotencyStore {
  private final Supplier<CqlSession> sessions;
  private final String keyspace;
  private final IdempotencySettings settings;
  private volatile Future<Statements> prepared;

  /**
   * @param sessions the command side's Cassandra session (null while not connected)
   * @param keyspace the read-model keyspace
   */
  public IdempotencyStore(
      Supplier<CqlSession> sessions, String keyspace, IdempotencySettings settings) {
    this.sessions = sessions;
    this.keyspace = keyspace;
    this.settings = settings;
  }

  /** Prepares the statements if a session is there; never fails. */
  public Future<Void> prepare() {
    return statements().<Void>mapEmpty().otherwiseEmpty();
  }

  /** Tries to claim {@code key} of {@code caller} for a request with {@code fingerprint}. */
  public Future<ClaimOutcome> claim(UserId caller, IdempotencyKey key, String fingerprint) {
    UUID claimId = UUID.randomUUID();
    return statements()
        .compose(
            s ->
                execute(
                    s.session(),
                    s.claim()
                        .boundStatementBuilder()
                        .setString("caller_id", caller.value())
                        .setString("idempotency_key", key.value())
                        .setString("fingerprint", fingerprint)
                        .setUuid("claim_id", claimId)
                        .setInstant("claimed_at", Instant.now())
                        .setInt("ttl", settings.inFlightTtlSeconds())))
        .map(rows -> rows.wasApplied() ? new ClaimOutcome.Claimed(claimId) : taken(rows.one()));
  }

  /**
   * Records the answer of the request holding {@code claim}; the future carries whether it was
   * recorded. When the claim has expired meanwhile (a command slower than the in-flight TTL) the
   * answer is still recorded if the key is free; if another request claimed it since, it is not.
   */
  public Future<Boolean> record(Claim claim, ClaimOutcome.StoredAnswer answer) {
    return statements()
        .compose(
            s ->
                execute(
                        s.session(),
                        bindAnswer(s.record(), claim, answer)
                            .setUuid("expected_claim_id", claim.claimId()))
                    .compose(
                        updated ->
                            updated.wasApplied()
                                ? Future.succeededFuture(updated)
                                : execute(
                                    s.session(), bindAnswer(s.recordUnclaimed(), claim, answer))))
        .map(AsyncResultSet::wasApplied);
  }

  private BoundStatementBuilder bindAnswer(
      PreparedStatement statement, Claim claim, ClaimOutcome.StoredAnswer answer) {
    return statement
        .boundStatementBuilder()
        .setString("caller_id", claim.caller().value())
        .setString("idempotency_key", claim.key().value())
        .setString("fingerprint", claim.fingerprint())
        .setInt("status", answer.status())
        .setString("response", answer.body())
        .setInstant("answered_at", Instant.now())
        .setInt("ttl", settings.ttlSeconds());
  }

  /** Frees the key if {@code claim} still holds it. */
  public Future<Void> release(Claim claim) {
    return statements()
        .compose(
            s ->
                execute(
                    s.session(),
                    s.release()
                        .boundStatementBuilder()
                        .setString("caller_id", claim.caller().value())
                        .setString("idempotency_key", claim.key().value())
                        .setUuid("expected_claim_id", claim.claimId())))
        .mapEmpty();
  }

  private Future<AsyncResultSet> execute(CqlSession session, BoundStatementBuilder statement) {
    BoundStatement bound =
        statement
            .setTimeout(settings.timeout())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
            .build();
    return Futures.from(session.executeAsync(bound));
  }

  private static ClaimOutcome taken(Row row) {
    if (row == null) {
      return new ClaimOutcome.Taken(null, Optional.empty());
    }
    Optional<ClaimOutcome.StoredAnswer> answer =
        row.isNull("status") || row.isNull("response")
            ? Optional.empty()
            : Optional.of(
                new ClaimOutcome.StoredAnswer(row.getInt("status"), row.getString("response")));
    return new ClaimOutcome.Taken(row.getString("fingerprint"), answer);
  }

  private Future<Statements> statements() {
    CqlSession session = sessions.get();
    if (session == null) {
      return Future.failedFuture(new IllegalStateException("Cassandra is not connected"));
    }
    Future<Statements> current = prepared;
    boolean reusable =
        current != null
            && !current.failed()
            && (!current.isComplete() || current.result().session() == session);
    if (reusable) {
      return current;
    }
    Future<Statements> preparing = prepareOn(session);
    prepared = preparing;
    return preparing;
  }

  private Future<Statements> prepareOn(CqlSession session) {
    String table = keyspace + ".idempotency_keys";
    Future<PreparedStatement> claim =
        Futures.from(
            session.prepareAsync(
                "INSERT INTO "
                    + table
                    + " (caller_id, idempotency_key, fingerprint, claim_id, claimed_at)"
                    + " VALUES (:caller_id, :idempotency_key, :fingerprint, :claim_id, :claimed_at)"
                    + " IF NOT EXISTS USING TTL :ttl"));
    Future<PreparedStatement> record =
        Futures.from(
            session.prepareAsync(
                "UPDATE "
                    + table
                    + " USING TTL :ttl SET fingerprint = :fingerprint, status = :status,"
                    + " response = :response, answered_at = :answered_at"
                    + " WHERE caller_id = :caller_id AND idempotency_key = :idempotency_key"
                    + " IF claim_id = :expected_claim_id"));
    Future<PreparedStatement> recordUnclaimed =
        Futures.from(
            session.prepareAsync(
                "INSERT INTO "
                    + table
                    + " (caller_id, idempotency_key, fingerprint, status, response, answered_at)"
                    + " VALUES (:caller_id, :idempotency_key, :fingerprint, :status, :response,"
                    + " :answered_at) IF NOT EXISTS USING TTL :ttl"));
    Future<PreparedStatement> release =
        Futures.from(
            session.prepareAsync(
                "DELETE FROM "
                    + table
                    + " WHERE caller_id = :caller_id AND idempotency_key = :idempotency_key"
                    + " IF claim_id = :expected_claim_id"));
    return Future.all(claim, record, recordUnclaimed, release)
        .map(
            all ->
                new Statements(
                    session,
                    claim.result(),
                    record.result(),
                    recordUnclaimed.result(),
                    release.result()));
  }

  /** A claimed key: who, which key, for which request, and the claim's id. */
  public record Claim(UserId caller, IdempotencyKey key, String fingerprint, UUID claimId) {}

  private record Statements(
      CqlSession session,
      PreparedStatement claim,
      PreparedStatement record,
      PreparedStatement recordUnclaimed,
      PreparedStatement release) {}
}

package io.chatcqrs.command.idempotency;

import io.chatcqrs.events.ChatId;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that holds the claim on its idempotency key while its command runs (kept in the routing
 * context). It ends in exactly one way: its 2xx answer is recorded ({@link #beforeAnswer}), or the
 * claim is released because the command failed (4xx, 5xx), so that a later retry runs afresh. When
 * a 2xx answer cannot be recorded the claim is kept: the key answers 409 until the in-flight TTL
 * ends, rather than risking a second execution while the client still retries.
 */
public final class ClaimedRequest {
  static final String CONTEXT_KEY = "chat.idempotency.claim";
  private static final Logger LOG = LoggerFactory.getLogger(ClaimedRequest.class);

  private enum State {
    OPEN,
    ANSWERED,
    RELEASED,
    KEPT
  }

  private final IdempotencyStore store;
  private final IdempotencyStore.Claim claim;
  private final GroupChatIds groupChatIds;
  private final IdempotencyMetrics metrics;
  private State state = State.OPEN;

  ClaimedRequest(
      IdempotencyStore store,
      IdempotencyStore.Claim claim,
      GroupChatIds groupChatIds,
      IdempotencyMetrics metrics) {
    this.store = store;
    this.claim = claim;
    this.groupChatIds = groupChatIds;
    this.metrics = metrics;
  }

  /**
   * The hook command handlers call just before sending a 2xx answer: records {@code status} and the
   * exact {@code json} body for replay when the request holds a claim. The future never fails and
   * completes when the record is written (or could not be); without a claim it is already complete.
   */
  public static Future<Void> beforeAnswer(RoutingContext ctx, int status, String json) {
    ClaimedRequest claimed = ctx.get(CONTEXT_KEY);
    return claimed == null ? Future.succeededFuture() : claimed.record(status, json);
  }

  /**
   * The id a group created by this request gets: derived from the caller and the idempotency key
   * when there is one (so a retry after a 503 names the same chat), empty otherwise.
   */
  public static Optional<ChatId> groupChatId(RoutingContext ctx) {
    ClaimedRequest claimed = ctx.get(CONTEXT_KEY);
    return claimed == null
        ? Optional.empty()
        : Optional.of(
            claimed.groupChatIds.forKey(
                claimed.claim.caller(), claimed.claim.key(), claimed.claim.fingerprint()));
  }

  static Optional<ClaimedRequest> of(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(CONTEXT_KEY));
  }

  Future<Void> record(int status, String json) {
    if (state != State.OPEN) {
      return Future.succeededFuture();
    }
    if (status < 200 || status > 299) {
      return release();
    }
    state = State.ANSWERED;
    return store
        .record(claim, new ClaimOutcome.StoredAnswer(status, json))
        .recover(
            failure -> {
              LOG.warn(
                  "could not record the answer of an idempotent request: {}", failure.toString());
              return Future.succeededFuture(false);
            })
        .map(
            recorded -> {
              if (!recorded) {
                metrics.unrecorded().increment();
              }
              return null;
            });
  }

  /** Frees the key (the command failed); never fails. */
  Future<Void> release() {
    if (state != State.OPEN) {
      return Future.succeededFuture();
    }
    state = State.RELEASED;
    return store
        .release(claim)
        .recover(
            failure -> {
              LOG.warn(
                  "could not release an idempotency key (it frees itself when its in-flight TTL"
                      + " ends): {}",
                  failure.toString());
              return Future.succeededFuture();
            });
  }

  /** Backstop when the response is written without going through the hook or a failure. */
  void onHeadersWritten(int status) {
    if (state != State.OPEN) {
      return;
    }
    if (status >= 200 && status <= 299) {
      state = State.KEPT;
      metrics.unrecorded().increment();
      LOG.warn("a {} answer bypassed the idempotency hook; its key stays claimed", status);
    } else {
      release();
    }
  }
}

package io.chatcqrs.command.idempotency;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Idempotency-Key} on every write operation (IETF httpapi draft "The Idempotency-Key HTTP
 * Header Field"). Runs after authentication and OpenAPI validation and before the command's
 * pre-checks, so a retry is answered as the first request was even if the state has moved on since
 * (a retried leave replays its 202 to a user who is no longer a member).
 *
 * <p>Promises, per caller ({@code sub}) and key: the first request claims the key and runs; a
 * repeat of the same request (same {@link RequestFingerprint}) gets the first 2xx answer again
 * (status and body, with {@code Idempotency-Replayed: true}) and appends nothing; the same key on
 * another request is 422; a repeat while the first is in flight is 409; when the store cannot
 * answer in time, 503 with {@code Retry-After} and nothing runs. A request without the header runs
 * as before. Only 2xx answers are kept; a failed command releases its key.
 */
public final class IdempotencyHandler {
  /** The response header marking a replayed answer. */
  public static final String REPLAYED_HEADER = "Idempotency-Replayed";

  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final IdempotencyStore store;
  private final GroupChatIds groupChatIds;
  private final IdempotencyMetrics metrics;

  public IdempotencyHandler(
      IdempotencyStore store, GroupChatIds groupChatIds, IdempotencyMetrics metrics) {
    this.store = store;
    this.groupChatIds = groupChatIds;
    this.metrics = metrics;
  }

  /**
   * Adds this handler (and the failure handler that releases a claim) to every write operation of
   * {@code builder}. Call before the command handlers are added, so it runs first.
   */
  public void installOn(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation operation = route.getOperation();
      if (WRITES.contains(operation.getHttpMethod())) {
        route.addHandler(ctx -> handle(ctx, operation));
        route.addFailureHandler(IdempotencyHandler::releaseOnFailure);
      }
    }
  }

  void handle(RoutingContext ctx, Operation operation) {
    Optional<IdempotencyKey> parsed =
        IdempotencyKey.parse(ctx.request().headers().getAll(IdempotencyKey.HEADER));
    if (parsed.isEmpty()) {
      ctx.next();
      return;
    }
    IdempotencyKey key = parsed.get();
    UserId caller = Caller.of(ctx).userId();
    String fingerprint =
        RequestFingerprint.of(
            operation.getHttpMethod().name(),
            operation.getOpenAPIPath(),
            ctx.pathParams(),
            validatedBody(ctx));
    store
        .claim(caller, key, fingerprint)
        .onFailure(
            failure -> {
              metrics.unavailable().increment();
              ctx.fail(
                  new ProblemException.ServiceUnavailable(
                      "the idempotency store did not answer in time", Duration.ofSeconds(1)));
            })
        .onSuccess(
            outcome -> {
              Decision decision = Decision.of(outcome, fingerprint);
              if (decision instanceof Decision.Execute execute) {
                metrics.executed().increment();
                execute(
                    ctx, new IdempotencyStore.Claim(caller, key, fingerprint, execute.claimId()));
              } else if (decision instanceof Decision.Replay replay) {
                metrics.replayed().increment();
                ctx.response()
                    .setStatusCode(replay.answer().status())
                    .putHeader("Content-Type", "application/json")
                    .putHeader(REPLAYED_HEADER, "true")
                    .end(replay.answer().body());
              } else if (decision instanceof Decision.InFlight) {
                metrics.inFlight().increment();
                ctx.fail(new IdempotencyProblems.KeyInFlight());
              } else {
                metrics.mismatch().increment();
                ctx.fail(new IdempotencyProblems.KeyReused());
              }
            });
  }

  private void execute(RoutingContext ctx, IdempotencyStore.Claim claim) {
    ClaimedRequest claimed = new ClaimedRequest(store, claim, groupChatIds, metrics);
    ctx.put(ClaimedRequest.CONTEXT_KEY, claimed);
    ctx.addHeadersEndHandler(v -> claimed.onHeadersWritten(ctx.response().getStatusCode()));
    ctx.next();
  }

  /** A failed command frees its key before the problem is answered, so a retry runs afresh. */
  static void releaseOnFailure(RoutingContext ctx) {
    Optional<ClaimedRequest> claimed = ClaimedRequest.of(ctx);
    if (claimed.isEmpty()) {
      ctx.next();
      return;
    }
    claimed.get().release().onComplete(released -> ctx.next());
  }

  private static Object validatedBody(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (request == null || request.getBody() == null || request.getBody().isNull()) {
      return null;
    }
    return request.getBody().get();
  }
}

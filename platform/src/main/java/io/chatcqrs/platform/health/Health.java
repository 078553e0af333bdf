package io.chatcqrs.platform.health;

import io.chatcqrs.platform.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Liveness and readiness endpoints. {@code GET /health/live} answers 200 {@code {"status":"UP"}}
 * while the service runs and every liveness check ({@link #addLiveness}, none by default) passes,
 * otherwise 503 {@code application/problem+json} with a {@code checks} member: a part of the
 * service stopped for good and only a restart helps. {@code GET /health/ready} runs every {@link
 * HealthCheck} (each bounded by a timeout) and answers 200 with {@code
 * {"status":"UP","checks":{...}}} when all critical checks pass, otherwise 503 {@code
 * application/problem+json} with the same {@code checks} member and {@code Retry-After}. The result
 * is cached briefly so that frequent probes do not load the dependencies.
 */
public final class Health {
  private final Vertx vertx;
  private final Duration timeout;
  private final Duration cacheFor;
  private final List<HealthCheck> checks = new ArrayList<>();
  private final List<HealthCheck> liveness = new ArrayList<>();
  private Future<JsonObject> cached;
  private long cachedAtNanos;

  /**
   * @param timeout how long each check may take before it counts as failed
   * @param cacheFor how long a readiness result is reused
   */
  public Health(Vertx vertx, Duration timeout, Duration cacheFor) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.cacheFor = cacheFor;
  }

  /** Health with a 2 s check timeout and a 1 s cache. */
  public Health(Vertx vertx) {
    this(vertx, Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  /** Adds a check; returns this. */
  public Health add(HealthCheck check) {
    checks.add(check);
    return this;
  }

  /**
   * Adds a liveness check: while it fails, {@code /health/live} answers 503 so that an orchestrator
   * restarts the service. Only for failures a restart cures (a worker thread that ended), never for
   * unavailable dependencies (those are readiness checks). Returns this.
   */
  public Health addLiveness(HealthCheck check) {
    liveness.add(check);
    return this;
  }

  /** Mounts {@code GET /health/live} and {@code GET /health/ready} on {@code router}. */
  public void mount(Router router) {
    router.get("/health/live").handler(liveHandler());
    router.get("/health/ready").handler(readyHandler());
  }

  /**
   * The handler of {@code GET /health/live}: 200 {@code {"status":"UP"}} (with {@code checks} when
   * liveness checks exist), or 503 problem+json when a critical liveness check fails.
   */
  public Handler<RoutingContext> liveHandler() {
    return ctx -> {
      if (liveness.isEmpty()) {
        ctx.json(new JsonObject().put("status", "UP"));
        return;
      }
      report(liveness)
          .onSuccess(
              report ->
                  answer(
                      ctx, report, "not-live", "Not live", "a part of the service stopped", null))
          .onFailure(ctx::fail);
    };
  }

  /** The handler of {@code GET /health/ready}: 200 or 503 problem+json, see the class doc. */
  public Handler<RoutingContext> readyHandler() {
    return this::ready;
  }

  /**
   * The readiness report: {@code status} ("UP" or "DOWN") and per check {@code status}, {@code
   * critical} and, when failed, {@code error}. Call on a Vert.x context.
   */
  public synchronized Future<JsonObject> readiness() {
    long now = System.nanoTime();
    if (cached != null && now - cachedAtNanos < cacheFor.toNanos()) {
      return cached;
    }
    cached = report(checks);
    cachedAtNanos = now;
    return cached;
  }

  /** Runs {@code list}: UP when every critical one passes, with the result per check. */
  private Future<JsonObject> report(List<HealthCheck> list) {
    List<Future<JsonObject>> results = new ArrayList<>();
    for (HealthCheck check : list) {
      results.add(run(check));
    }
    return Future.join(results)
        .transform(
            ignored -> {
              JsonObject byName = new JsonObject();
              boolean up = true;
              for (int i = 0; i < list.size(); i++) {
                JsonObject result = results.get(i).result();
                byName.put(list.get(i).name(), result);
                up &= !list.get(i).critical() || "UP".equals(result.getString("status"));
              }
              return Future.succeededFuture(
                  new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", byName));
            });
  }

  private void ready(RoutingContext ctx) {
    readiness()
        .onSuccess(
            report ->
                answer(ctx, report, "not-ready", "Not ready", "a dependency does not answer", "5"))
        .onFailure(ctx::fail);
  }

  /** 200 with {@code report} when it is UP, else 503 problem+json carrying its checks. */
  private static void answer(
      RoutingContext ctx,
      JsonObject report,
      String type,
      String title,
      String detail,
      String retryAfter) {
    if ("UP".equals(report.getString("status"))) {
      ctx.json(report);
      return;
    }
    JsonObject body =
        Problem.of(type, title, 503, detail).toJson().put("checks", report.getJsonObject("checks"));
    ctx.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE);
    if (retryAfter != null) {
      ctx.response().putHeader("Retry-After", retryAfter);
    }
    ctx.response().end(body.toBuffer());
  }

  private Future<JsonObject> run(HealthCheck check) {
    Promise<JsonObject> result = Promise.promise();
    long timer =
        vertx.setTimer(
            timeout.toMillis(),
            id ->
                result.tryComplete(
                    down(
                        check,
                        new TimeoutException("no answer within " + timeout.toMillis() + " ms"))));
    Future<Void> outcome;
    try {
      outcome = check.check();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          result.tryComplete(
              ar.succeeded()
                  ? new JsonObject().put("status", "UP").put("critical", check.critical())
                  : down(check, ar.cause()));
        });
    return result.future();
  }

  private static JsonObject down(HealthCheck check, Throwable cause) {
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new JsonObject()
        .put("status", "DOWN")
        .put("critical", check.critical())
        .put("error", message);
  }
}

package io.chatcqrs.query.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.platform.http.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StaleFallbackTest {
  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StaleFallback fallback =
      new StaleFallback(
          10_000, Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofSeconds(2), meters);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void should_serve_the_last_good_answer_marked_stale_when_the_read_fails() throws Exception {
    onContext(() -> fallback.read("k", () -> Future.succeededFuture(new JsonObject().put("a", 1))));

    StaleFallback.Answer answer =
        onContext(() -> fallback.read("k", () -> Future.failedFuture(new IllegalStateException())));

    assertThat(answer.stale()).isTrue();
    assertThat(answer.body()).isEqualTo(new JsonObject().put("a", 1).put("stale", true));
    assertThat(meters.counter("chat_query_stale_responses").count()).isEqualTo(1);
  }

  @Test
  void should_answer_503_when_nothing_was_cached_and_within_the_deadline_when_the_read_hangs()
      throws Exception {
    long start = System.nanoTime();
    Throwable failure =
        onContextFailure(() -> fallback.read("k", () -> Promise.<JsonObject>promise().future()));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(failure).isInstanceOf(ProblemException.ServiceUnavailable.class);
    assertThat(((ProblemException) failure).headers()).containsEntry("Retry-After", "2");
  }

  @Test
  void should_pass_client_errors_through_even_with_a_cached_answer() throws Exception {
    onContext(() -> fallback.read("k", () -> Future.succeededFuture(new JsonObject())));

    Throwable failure =
        onContextFailure(
            () ->
                fallback.read(
                    "k", () -> Future.failedFuture(new ProblemException.NotFound("no such chat"))));

    assertThat(failure).isInstanceOf(ProblemException.NotFound.class);
  }

  @Test
  void should_keep_answers_per_key() throws Exception {
    onContext(() -> fallback.read("u1", () -> Future.succeededFuture(new JsonObject())));

    Throwable failure =
        onContextFailure(() -> fallback.read("u2", () -> Future.failedFuture("down")));

    assertThat(failure).isInstanceOf(ProblemException.ServiceUnavailable.class);
  }

  private StaleFallback.Answer onContext(
      java.util.function.Supplier<Future<StaleFallback.Answer>> action) throws Exception {
    Promise<StaleFallback.Answer> result = Promise.promise();
    vertx.runOnContext(v -> action.get().onComplete(result));
    return result.future().await(5, TimeUnit.SECONDS);
  }

  private Throwable onContextFailure(
      java.util.function.Supplier<Future<StaleFallback.Answer>> action) throws Exception {
    Promise<Throwable> result = Promise.promise();
    vertx.runOnContext(
        v ->
            action
                .get()
                .onComplete(
                    ar -> result.complete(ar.failed() ? ar.cause() : new AssertionError("ok"))));
    return result.future().await(5, TimeUnit.SECONDS);
  }
}

package io.chatcqrs.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /health/live}: 200 without liveness checks, 503 while a registered one fails. */
class HealthTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void live_is_up_without_liveness_checks_even_when_readiness_fails() throws Exception {
    Health health = new Health(vertx).add(check("kafka", () -> "unreachable"));
    int port = serve(health);

    HttpResponse<String> live = get(port, "/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
    assertThat(get(port, "/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void live_turns_503_with_the_reason_while_a_liveness_check_fails() throws Exception {
    AtomicReference<String> failure = new AtomicReference<>();
    Health health = new Health(vertx).addLiveness(check("sink", failure::get));
    int port = serve(health);

    HttpResponse<String> before = get(port, "/health/live");
    failure.set("sink thread stopped: boom");
    HttpResponse<String> after = get(port, "/health/live");

    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(503);
    assertThat(after.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject sink = new JsonObject(after.body()).getJsonObject("checks").getJsonObject("sink");
    assertThat(sink.getString("status")).isEqualTo("DOWN");
    assertThat(sink.getString("error")).isEqualTo("sink thread stopped: boom");
  }

  /** A check failing with the supplier's message, passing while it supplies null. */
  private static HealthCheck check(String name, java.util.function.Supplier<String> failure) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<Void> check() {
        String f = failure.get();
        return f == null ? Future.succeededFuture() : Future.failedFuture(f);
      }
    };
  }

  private int serve(Health health) {
    Router router = Router.router(vertx);
    health.mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    return server.actualPort();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

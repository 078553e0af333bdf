package io.chatcqrs.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.AuthHandler;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.auth.JwtAuthenticator;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.platform.ratelimit.RateLimitPolicy;
import io.chatcqrs.platform.ratelimit.RateLimiter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef-test";
  static Vertx vertx;
  static HttpServer server;
  static Metrics metrics;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    metrics = new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "test");
    RateLimiter limiter =
        RateLimiter.fromConfig(
            ServiceConfig.of(
                new JsonObject()
                    .put("ratelimit.auth-failures.capacity", 3)
                    .put("ratelimit.auth-failures.refill-period-ms", 60_000)
                    .put("ratelimit.commands.capacity", 1)
                    .put("ratelimit.commands.refill-period-ms", 60_000)));
    limiter.onLimited(metrics::rateLimited);
    Router router = Router.router(vertx);
    router.route().handler(metrics.requestMetrics(router));
    router.route().handler(BodyHandler.create(false).setBodyLimit(100));
    router
        .route("/v1/*")
        .handler(new AuthHandler(new JwtAuthenticator(vertx, SECRET), false, limiter));
    router.route("/v1/*").handler(limiter.perCaller(RateLimitPolicy.COMMANDS));
    router
        .post("/v1/echo")
        .handler(ctx -> ctx.json(new JsonObject().put("who", Caller.of(ctx).userId().value())));
    router
        .get("/open/missing")
        .handler(ctx -> ctx.fail(new ProblemException.NotFound("nothing here")));
    router
        .get("/open/boom")
        .handler(
            ctx -> {
              throw new IllegalStateException("secret internals");
            });
    router.post("/open/body").handler(ctx -> ctx.end("ok"));
    router.get("/metrics").handler(metrics.scrapeHandler());
    Problems.installOn(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0).await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void should_answer_problems_for_failures_unknown_routes_and_bad_methods() throws Exception {
    assertProblem(get("/open/missing"), 404, "nothing here");
    assertProblem(get("/nowhere"), 404, null);
    HttpResponse<String> boom = get("/open/boom");
    assertProblem(boom, 500, null);
    assertThat(boom.body()).doesNotContain("secret internals");
    assertProblem(send("DELETE", "/open/missing", null, null), 405, null);
  }

  @Test
  void should_answer_413_for_a_body_over_the_limit() throws Exception {
    assertProblem(send("POST", "/open/body", "x".repeat(101), null), 413, null);
  }

  @Test
  void should_answer_401_with_www_authenticate_then_429_per_ip() throws Exception {
    HttpResponse<String> first = send("POST", "/v1/echo", "{}", "Bearer nonsense");
    assertProblem(first, 401, null);
    assertThat(first.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"chat\"");
    assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("3");
    send("POST", "/v1/echo", "{}", null);
    send("POST", "/v1/echo", "{}", null);
    HttpResponse<String> limited = send("POST", "/v1/echo", "{}", null);

    assertProblem(limited, 429, null);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
  }

  @Test
  void should_authenticate_limit_per_user_and_count_requests() throws Exception {
    String token =
        "Bearer " + new TokenIssuer(SECRET).userToken(UserId.of("u7"), Duration.ofMinutes(1));
    HttpResponse<String> ok = send("POST", "/v1/echo", "{}", token);
    HttpResponse<String> limited = send("POST", "/v1/echo", "{}", token);

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("who")).isEqualTo("u7");
    assertThat(ok.headers().firstValue("RateLimit-Remaining")).hasValue("0");
    assertProblem(limited, 429, null);
    String scrape = get("/metrics").body();
    assertThat(scrape)
        .contains(
            "chat_http_requests_seconds_count{method=\"POST\",route=\"/v1/echo\",service=\"test\",status=\"200\"}")
        .contains("chat_rate_limited_total{policy=\"commands\",service=\"test\"}")
        .contains("reason=\"rate-limited\"");
  }

  @Test
  void should_map_validation_errors_to_400_and_unsupported_bodies_to_415() {
    assertThat(
            Problems.toProblem(new ValidatorException("bad", ValidatorErrorType.INVALID_VALUE), -1)
                .problem()
                .status())
        .isEqualTo(400);
    assertThat(
            Problems.toProblem(
                    new io.vertx.ext.web.handler.HttpException(
                        400,
                        "x",
                        new ValidatorException("fmt", ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT)),
                    -1)
                .problem()
                .status())
        .isEqualTo(415);
    assertThat(
            Problems.toProblem(new io.vertx.core.json.DecodeException("x"), -1).problem().status())
        .isEqualTo(400);
    assertThat(Problems.toProblem(null, 413).problem().status()).isEqualTo(413);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("type")).startsWith(Problem.TYPE_PREFIX);
    assertThat(body.getString("title")).isNotBlank();
    if (detail != null) {
      assertThat(body.getString("detail")).isEqualTo(detail);
    } else {
      assertThat(body.getString("detail")).isNotBlank();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  private static HttpResponse<String> send(String method, String path, String body, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

package io.chatcqrs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-IP limits behind the web proxy: users who all reach the query-api through one proxy still get
 * one budget each, because the proxy names each client in {@code X-Forwarded-For} and the query-api
 * believes it from the proxy only ({@code http.trusted-proxies}).
 *
 * <p>The topology: the test's clients on 127.0.0.1 stand for a front balancer that the web proxy
 * trusts (each client presents its own {@code X-Forwarded-For}); the query-api trusts the web proxy
 * (also on 127.0.0.1). The per-IP budgets for stream tickets and connects keep their default
 * capacity (300) but refill only once an hour, so that 301 requests from one address are refused
 * once whatever the machine's speed; that is the collapse the trust undoes.
 */
@ExtendWith(ChatInfraExtension.class)
class ForwardedClientsIT {
  private static final int USERS = 301;
  private static final int BATCH = 25;

  private static ChatStack stack;
  private static ChatStack.Web web;
  private static final TokenIssuer ISSUER = new TokenIssuer(ChatStack.SECRET);

  @BeforeAll
  static void startSystem(ChatInfra infra) throws Exception {
    JsonObject hourlyRefill = new JsonObject();
    for (String perIp : List.of("sse-connects-ip", "sse-tickets-ip")) {
      hourlyRefill
          .put("ratelimit." + perIp + ".refill-tokens", 1)
          .put("ratelimit." + perIp + ".refill-period-ms", 3_600_000);
    }
    stack =
        ChatStack.start(
            infra,
            hourlyRefill.put("http.trusted-proxies", "127.0.0.1").put("sse.heartbeat-ms", 1000));
    web =
        stack.web(
            0,
            new JsonObject()
                .put("http.trusted-proxies", "127.0.0.1")
                .put("web.proxy.max-connections", USERS + 50));
  }

  @AfterAll
  static void stopSystem() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void should_open_a_stream_for_each_of_301_users_behind_the_proxy() throws Exception {
    HttpClient client = client("127.0.0.1");
    Map<Integer, StringBuffer> streams = new ConcurrentHashMap<>();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    try {
      for (int from = 0; from < USERS; from += BATCH) {
        List<Future<?>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(USERS, from + BATCH); i++) {
          int user = i;
          batch.add(
              ticket(client, "crowd-" + user, clientAddress(user))
                  .compose(
                      ticket -> {
                        statuses.put(user, ticket.statusCode());
                        return ticket.statusCode() == 201
                            ? ticket.body().map(b -> new JsonObject(b).getString("ticket"))
                            : Future.failedFuture("ticket " + ticket.statusCode());
                      })
                  .compose(ticket -> stream(client, ticket, clientAddress(user)))
                  .onSuccess(
                      response -> {
                        statuses.put(user, response.statusCode());
                        StringBuffer seen = streams.computeIfAbsent(user, u -> new StringBuffer());
                        response.handler(chunk -> seen.append(chunk.toString()));
                      }));
        }
        Future.join(batch).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      assertThat(statuses.values().stream().filter(s -> s != 200).toList())
          .as("non-200 answers among %d users", USERS)
          .isEmpty();
      assertThat(statuses).hasSize(USERS);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          streams.entrySet().stream()
                              .filter(e -> !e.getValue().toString().contains(": heartbeat"))
                              .map(Map.Entry::getKey)
                              .collect(Collectors.toList()))
                      .as("streams without a heartbeat yet")
                      .isEmpty());
      assertThat(streams).hasSize(USERS);
      for (int user : List.of(0, USERS - 1)) {
        assertThat(streams.get(user).toString()).startsWith(": stream of crowd-" + user);
      }
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void should_ignore_x_forwarded_for_from_a_peer_that_is_not_trusted() throws Exception {
    HttpClient untrusted = client("127.0.0.2");
    try {
      List<Integer> statuses = new ArrayList<>();
      for (int from = 0; from < USERS; from += BATCH) {
        List<Future<HttpClientResponse>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(USERS, from + BATCH); i++) {
          batch.add(ticket(untrusted, "spoofer-" + i, clientAddress(i)));
        }
        for (Future<HttpClientResponse> answer : batch) {
          statuses.add(
              answer
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get(60, TimeUnit.SECONDS)
                  .statusCode());
        }
      }
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(300);
      assertThat(statuses.stream().filter(s -> s == 429)).hasSize(1);
    } finally {
      untrusted.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** A distinct, routable-looking client address per user (198.18.0.0/15, for benchmarks). */
  private static String clientAddress(int user) {
    return "198.18." + (user / 250) + "." + (1 + user % 250);
  }

  private static HttpClient client(String localAddress) {
    return stack.vertx.createHttpClient(
        new HttpClientOptions().setLocalAddress(localAddress).setConnectTimeout(10_000),
        new PoolOptions().setHttp1MaxSize(USERS + 50));
  }

  private static Future<HttpClientResponse> ticket(
      HttpClient client, String user, String forwardedFor) {
    String token = ISSUER.userToken(UserId.of(user), Duration.ofMinutes(30));
    return client
        .request(
            options(HttpMethod.POST, "/api/query/v1/me/events/tickets", forwardedFor)
                .putHeader("Authorization", "Bearer " + token))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response));
  }

  private static Future<HttpClientResponse> stream(
      HttpClient client, String ticket, String forwardedFor) {
    return client
        .request(
            options(HttpMethod.GET, "/api/query/v1/me/events?ticket=" + ticket, forwardedFor)
                .putHeader("Accept", "text/event-stream"))
        .compose(request -> request.send());
  }

  private static RequestOptions options(HttpMethod method, String uri, String forwardedFor) {
    return new RequestOptions()
        .setMethod(method)
        .setHost("127.0.0.1")
        .setPort(web.port())
        .setURI(uri)
        .putHeader("X-Forwarded-For", forwardedFor);
  }
}

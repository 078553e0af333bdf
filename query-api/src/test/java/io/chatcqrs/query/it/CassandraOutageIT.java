package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With Cassandra stopped, cached reads answer stale within the timeout and uncached ones 503
 * quickly; once Cassandra is back, answers are fresh again without restarting anything.
 */
@ChatInfraTest
class CassandraOutageIT {
  static ChatInfra infra;
  static ChatSystem system;

  @BeforeAll
  static void start(ChatInfra chatInfra) throws Exception {
    infra = chatInfra;
    assumeTrue(infra.embedded(), "needs the embedded Cassandra to stop it");
    system =
        ChatSystem.start(
            infra,
            Map.of(
                "ratelimit.enabled", false,
                "query.cassandra-timeout-ms", 500,
                "query.deadline-ms", 1200,
                "query.breaker.reset-ms", 1000));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (infra != null && infra.embedded() && !infra.cassandra().isRunning()) {
        infra.cassandra().start();
      }
    } finally {
      if (system != null) {
        system.close();
      }
    }
  }

  @Test
  void should_serve_stale_or_503_while_down_and_fresh_after() {
    String chat = system.createDirect("kai", "lea").getString("chat_id");
    system.awaitVisible(chat, "kai", "lea");
    JsonObject sent = system.send(chat, "kai", "o1", "before the outage");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                system
                    .getJson("/v1/me/rooms", "lea")
                    .getJsonArray("rooms")
                    .getJsonObject(0)
                    .getJsonObject("last_message")
                    .getString("message_id")
                    .equals(sent.getString("message_id")));
    JsonObject fresh = system.getJson("/v1/me/rooms", "lea");
    assertThat(fresh.containsKey("stale")).isFalse();
    system.getJson("/v1/chats/" + chat, "lea");

    // A graceful stop: Cassandra drains (flushes every table) before it exits, so the restart
    // below comes back with the keyspace and rows written above.
    infra.cassandra().stop();

    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      HttpResponse<String> stale = system.get("/v1/me/rooms", "lea");
      HttpResponse<String> details = system.get("/v1/chats/" + chat, "lea");
      HttpResponse<String> uncached = system.get("/v1/chats/" + chat + "/messages", "lea");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofSeconds(6));
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.headers().firstValue("X-Chat-Stale")).hasValue("true");
      JsonObject body = new JsonObject(stale.body());
      assertThat(body.getBoolean("stale")).isTrue();
      assertThat(body.getJsonArray("rooms")).isEqualTo(fresh.getJsonArray("rooms"));
      assertThat(details.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(details.body()).getBoolean("stale")).isTrue();
      assertThat(uncached.statusCode()).isEqualTo(503);
      assertThat(uncached.headers().firstValue("Retry-After")).isPresent();
      assertThat(uncached.body()).contains("\"status\":503").doesNotContain("Exception");
    }

    infra.cassandra().start();

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              HttpResponse<String> rooms = system.get("/v1/me/rooms", "lea");
              assertThat(rooms.statusCode()).isEqualTo(200);
              assertThat(rooms.headers().firstValue("X-Chat-Stale")).isEmpty();
              assertThat(new JsonObject(rooms.body()).containsKey("stale")).isFalse();
              assertThat(system.get("/v1/chats/" + chat + "/messages", "lea").statusCode())
                  .isEqualTo(200);
            });
  }
}

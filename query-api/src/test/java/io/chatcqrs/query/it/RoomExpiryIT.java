package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A room that expires by TTL ({@code projection.room-ttl}, here a few seconds) leaves the room list
 * and its unread count leaves {@code total_unread}, while a room kept active stays.
 */
@ChatInfraTest
class RoomExpiryIT {
  static final int ROOM_TTL_SECONDS = 10;
  static ChatSystem system;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system =
        ChatSystem.start(
            infra,
            Map.of("ratelimit.enabled", false, "query.consistency-wait-ms", 5000),
            Map.of("projection.room-ttl", Integer.toString(ROOM_TTL_SECONDS)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_drop_an_expired_room_from_the_list_and_from_the_total() {
    String quiet = system.createDirect("kim", "lou").getString("chat_id");
    String active = system.createGroup("kim", "kept alive", "lou").getString("chat_id");
    system.awaitVisible(active, "kim", "lou");
    system.send(quiet, "kim", "q1", "this room goes quiet");
    system.send(quiet, "kim", "q2", "and expires");
    system.send(active, "kim", "a0", "this one stays");
    await()
        .atMost(Duration.ofSeconds(ROOM_TTL_SECONDS - 2))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              JsonObject lous = system.getJson("/v1/me/rooms", "lou");
              assertThat(unreadOf(lous, quiet)).isEqualTo(2);
              assertThat(unreadOf(lous, active)).isEqualTo(1);
              assertThat(lous.getLong("total_unread")).isEqualTo(3);
            });

    AtomicInteger keepAlive = new AtomicInteger();
    ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    try {
      sender.scheduleWithFixedDelay(
          () -> system.send(active, "kim", "k" + keepAlive.incrementAndGet(), "still here"),
          0,
          2,
          TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(ROOM_TTL_SECONDS * 6L))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                JsonObject lous = system.getJson("/v1/me/rooms", "lou");
                assertThat(chatIds(lous)).containsExactly(active);
                assertThat(lous.getLong("total_unread"))
                    .isEqualTo(unreadOf(lous, active))
                    .isGreaterThanOrEqualTo(1);
              });
    } finally {
      sender.shutdownNow();
    }

    // the expired room's two unread messages left the total: new activity would bring it back
    JsonObject revived = system.send(quiet, "kim", "q3", "back again");
    JsonObject lous =
        new JsonObject(
            system
                .get(
                    "/v1/me/rooms", "lou", Map.of("X-Chat-Position", revived.getString("position")))
                .body());
    assertThat(chatIds(lous)).first().isEqualTo(quiet);
    assertThat(lous.getLong("total_unread"))
        .isEqualTo(unreadOf(lous, quiet) + unreadOf(lous, active))
        .isEqualTo(ConsistentReadsIT.sumOfUnread(lous));
  }

  private static List<String> chatIds(JsonObject page) {
    return page.getJsonArray("rooms").stream()
        .map(room -> ((JsonObject) room).getString("chat_id"))
        .toList();
  }

  private static long unreadOf(JsonObject page, String chatId) {
    return page.getJsonArray("rooms").stream()
        .map(room -> (JsonObject) room)
        .filter(room -> room.getString("chat_id").equals(chatId))
        .mapToLong(room -> room.getLong("unread_count"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(chatId + " not in " + page.encode()));
  }
}

package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paging a user with 1,000 rooms while messages arrive in rooms already returned: every room comes
 * exactly once, in order. A room with new activity moves above the cursor, so the walk does not
 * repeat it; clients learn about it from the live stream (its {@code message} event), and the next
 * first page shows it on top.
 */
@ChatInfraTest
class RoomPagingIT {
  static final int ROOMS = 1000;
  static ChatSystem system;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system = ChatSystem.start(infra, Map.of("ratelimit.enabled", false));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_return_every_room_once_in_order_while_messages_arrive() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<JsonObject>> created = new ArrayList<>();
      for (int i = 0; i < ROOMS; i++) {
        String title = "room-" + i;
        created.add(pool.submit(() -> system.createGroup("pager", title, "peer")));
      }
      for (Future<JsonObject> chat : created) {
        chat.get();
      }
    } finally {
      pool.shutdown();
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> walk(100, null).size() == ROOMS);

    List<String> sentTo = new ArrayList<>();
    List<JsonObject> walked =
        walk(
            37,
            page -> {
              String room = page.getJsonObject(page.size() / 2).getString("chat_id");
              system.send(room, "pager", "during-" + sentTo.size(), "new activity");
              sentTo.add(room);
            });

    List<String> ids = walked.stream().map(room -> room.getString("chat_id")).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(ROOMS);
    for (int i = 1; i < walked.size(); i++) {
      assertThat(key(walked.get(i - 1))).isGreaterThan(key(walked.get(i)));
    }
    Set<String> expected = new HashSet<>(sentTo);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonArray top =
                  system
                      .getJson("/v1/me/rooms?limit=" + sentTo.size(), "pager")
                      .getJsonArray("rooms");
              Set<String> onTop = new HashSet<>();
              top.forEach(room -> onTop.add(((JsonObject) room).getString("chat_id")));
              assertThat(onTop).isEqualTo(expected);
              assertThat(top.getJsonObject(0).getString("chat_id"))
                  .isEqualTo(sentTo.get(sentTo.size() - 1));
            });
  }

  private static List<JsonObject> walk(int limit, java.util.function.Consumer<JsonArray> perPage) {
    List<JsonObject> rooms = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          system.getJson(
              "/v1/me/rooms?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), "pager");
      JsonArray batch = page.getJsonArray("rooms");
      batch.forEach(room -> rooms.add((JsonObject) room));
      cursor = page.getString("next_cursor");
      if (perPage != null && !batch.isEmpty()) {
        perPage.accept(batch);
      }
      pages++;
    } while (cursor != null && pages < ROOMS);
    return rooms;
  }

  private static String key(JsonObject room) {
    return Instant.parse(room.getString("last_activity_at")).toEpochMilli()
        + "/"
        + room.getString("chat_id");
  }
}

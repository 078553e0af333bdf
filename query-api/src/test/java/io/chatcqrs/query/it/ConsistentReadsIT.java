package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract v1.1 "Consistent reads" over the whole system: a read with {@code X-Chat-Position} shows
 * the write in every part of the response, and {@code total_unread} always equals the sum the rooms
 * imply, with or without a position, while messages and read markers keep arriving.
 */
@ChatInfraTest
class ConsistentReadsIT {
  static ChatSystem system;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system =
        ChatSystem.start(
            infra, Map.of("ratelimit.enabled", false, "query.consistency-wait-ms", 10_000));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_show_each_send_in_the_room_and_the_total_of_the_same_positioned_response() {
    String g1 = system.createGroup("sam", "one", "rae").getString("chat_id");
    String g2 = system.createGroup("sam", "two", "rae").getString("chat_id");
    String direct = system.createDirect("sam", "rae").getString("chat_id");
    system.awaitVisible(direct, "sam", "rae");
    for (JsonObject earlier :
        List.of(
            system.send(g1, "sam", "e1", "earlier one"),
            system.send(g1, "sam", "e2", "earlier two"),
            system.send(g2, "sam", "e3", "earlier three"))) {
      assertThat(positioned("/v1/me/rooms", "rae", earlier).statusCode()).isEqualTo(200);
    }

    for (int i = 1; i <= 10; i++) {
      JsonObject sent = system.send(direct, "sam", "p" + i, "message " + i);

      HttpResponse<String> response = positioned("/v1/me/rooms?limit=50", "rae", sent);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Chat-Consistent")).hasValue("true");
      JsonObject body = new JsonObject(response.body());
      JsonObject top = body.getJsonArray("rooms").getJsonObject(0);
      assertThat(top.getString("chat_id")).isEqualTo(direct);
      assertThat(top.getJsonObject("last_message").getString("message_id"))
          .isEqualTo(sent.getString("message_id"));
      assertThat(top.getLong("unread_count")).as("send %d", i).isEqualTo(i);
      assertThat(body.getLong("total_unread"))
          .as("send %d", i)
          .isEqualTo(sumOfUnread(body))
          .isEqualTo(i + 3);

      HttpResponse<String> details = positioned("/v1/chats/" + direct, "rae", sent);
      assertThat(details.headers().firstValue("X-Chat-Consistent")).hasValue("true");
      assertThat(new JsonObject(details.body()).getLong("last_seq")).isEqualTo(i);
      HttpResponse<String> history =
          positioned("/v1/chats/" + direct + "/messages?limit=1", "rae", sent);
      assertThat(history.headers().firstValue("X-Chat-Consistent")).hasValue("true");
      JsonObject newest = new JsonObject(history.body()).getJsonArray("messages").getJsonObject(0);
      assertThat(newest.getString("message_id")).isEqualTo(sent.getString("message_id"));
      assertThat(newest.getLong("seq")).isEqualTo(i);
    }
  }

  @Test
  void should_keep_the_total_equal_to_the_rooms_whenever_it_is_read() throws Exception {
    List<String> rooms = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      rooms.add(system.createGroup("tom", "busy-" + r, "ola").getString("chat_id"));
    }
    rooms.add(system.createDirect("tom", "ola").getString("chat_id"));
    system.awaitVisible(rooms.get(rooms.size() - 1), "tom", "ola");

    Map<String, Long> seqs = new HashMap<>();
    Map<String, Long> read = new HashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int n = 0; n < 60; n++) {
                  String room = rooms.get(n % rooms.size());
                  system.send(room, "tom", "w" + n, "busy " + n);
                  long seq = seqs.merge(room, 1L, Long::sum);
                  if (n % 7 == 3) {
                    system.markRead(room, "ola", seq);
                    read.put(room, seq);
                  }
                }
              } finally {
                writing.set(false);
              }
            });
    int checked = 0;
    while (writing.get() || checked < 20) {
      JsonObject body = system.getJson("/v1/me/rooms?limit=50", "ola");
      assertThat(body.getJsonArray("rooms").size()).isLessThanOrEqualTo(rooms.size());
      assertThat(body.getLong("total_unread")).as("read %d", checked).isEqualTo(sumOfUnread(body));
      checked++;
    }
    writer.get();
    assertThat(checked).isGreaterThanOrEqualTo(20);

    long expected = 0;
    for (String room : rooms) {
      expected += seqs.getOrDefault(room, 0L) - read.getOrDefault(room, 0L);
    }
    long settled = expected;
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(system.getJson("/v1/me/rooms?limit=50", "ola").getLong("total_unread"))
                    .isEqualTo(settled));
    long walkedSum = 0;
    int walkedRooms = 0;
    String cursor = null;
    do {
      JsonObject page =
          system.getJson(
              "/v1/me/rooms?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), "ola");
      assertThat(page.getLong("total_unread")).isEqualTo(settled);
      walkedSum += sumOfUnread(page);
      walkedRooms += page.getJsonArray("rooms").size();
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertThat(walkedRooms).isEqualTo(rooms.size());
    assertThat(walkedSum).isEqualTo(settled);
  }

  private static HttpResponse<String> positioned(String path, String user, JsonObject sent) {
    return system.get(path, user, Map.of("X-Chat-Position", sent.getString("position")));
  }

  static long sumOfUnread(JsonObject page) {
    JsonArray rooms = page.getJsonArray("rooms");
    long sum = 0;
    for (int i = 0; i < rooms.size(); i++) {
      sum += rooms.getJsonObject(i).getLong("unread_count");
    }
    return sum;
  }
}

package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Room lists over the whole system: command API, Kafka, projections, Cassandra, query API. */
@ChatInfraTest
class RoomListIT {
  static ChatSystem system;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system =
        ChatSystem.start(
            infra, Map.of("ratelimit.enabled", false, "query.consistency-wait-ms", 5000));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_put_a_direct_chat_on_top_of_both_lists_and_clear_the_readers_count() {
    String older = system.createGroup("ann", "older", "ben").getString("chat_id");
    system.awaitVisible(older, "ann", "ben");
    String direct = system.createDirect("ann", "ben").getString("chat_id");
    system.awaitVisible(direct, "ann", "ben");
    system.send(older, "ben", "o1", "in the older room");

    JsonObject sent = system.send(direct, "ann", "d1", "hello ben");

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonObject bens = system.getJson("/v1/me/rooms", "ben");
              JsonObject top = bens.getJsonArray("rooms").getJsonObject(0);
              assertThat(top.getString("chat_id")).isEqualTo(direct);
              assertThat(top.getJsonObject("last_message").getString("message_id"))
                  .isEqualTo(sent.getString("message_id"));
              assertThat(top.getJsonObject("last_message").getString("text"))
                  .isEqualTo("hello ben");
              assertThat(top.getLong("unread_count")).isEqualTo(1);
              assertThat(bens.getLong("total_unread")).isEqualTo(sumOfUnread(bens));
              JsonObject anns = system.getJson("/v1/me/rooms", "ann");
              JsonObject annsTop = anns.getJsonArray("rooms").getJsonObject(0);
              assertThat(annsTop.getString("chat_id")).isEqualTo(direct);
              assertThat(annsTop.getLong("unread_count")).isZero();
              assertThat(anns.getJsonArray("rooms").getJsonObject(1).getLong("unread_count"))
                  .isEqualTo(1);
              assertThat(anns.getLong("total_unread")).isEqualTo(1).isEqualTo(sumOfUnread(anns));
            });

    system.send(direct, "ann", "d2", "are you there?");
    JsonObject third = system.send(direct, "ann", "d3", "ben?");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> firstRoom("ben").getLong("unread_count") == 3);
    system.markRead(direct, "ben", 3);

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonObject bens = system.getJson("/v1/me/rooms", "ben");
              JsonObject top = bens.getJsonArray("rooms").getJsonObject(0);
              assertThat(top.getString("chat_id")).isEqualTo(direct);
              assertThat(top.getLong("unread_count")).isZero();
              assertThat(top.getJsonObject("last_message").getString("message_id"))
                  .isEqualTo(third.getString("message_id"));
              assertThat(bens.getLong("total_unread")).isZero().isEqualTo(sumOfUnread(bens));
            });
    JsonObject details = system.getJson("/v1/chats/" + direct, "ben");
    assertThat(details.getLong("last_seq")).isEqualTo(3);
    assertThat(
            details.getJsonArray("members").stream()
                .map(m -> ((JsonObject) m).getString("user_id")))
        .containsExactly("ann", "ben");
  }

  @Test
  void should_show_the_message_at_once_when_the_read_carries_the_send_position() {
    String direct = system.createDirect("dia", "eve").getString("chat_id");
    system.awaitVisible(direct, "dia", "eve");

    JsonObject sent = system.send(direct, "dia", "p1", "read your writes");
    HttpResponse<String> response =
        system.get("/v1/me/rooms", "eve", Map.of("X-Chat-Position", sent.getString("position")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Chat-Consistent")).hasValue("true");
    JsonObject top = new JsonObject(response.body()).getJsonArray("rooms").getJsonObject(0);
    assertThat(top.getJsonObject("last_message").getString("message_id"))
        .isEqualTo(sent.getString("message_id"));
    HttpResponse<String> history =
        system.get(
            "/v1/chats/" + direct + "/messages",
            "eve",
            Map.of("X-Chat-Position", sent.getString("position")));
    assertThat(
            new JsonObject(history.body())
                .getJsonArray("messages")
                .getJsonObject(0)
                .getString("text"))
        .isEqualTo("read your writes");
  }

  @Test
  void should_page_history_both_ways_and_keep_deleted_messages_in_place() {
    String group = system.createGroup("fia", "history", "gil").getString("chat_id");
    system.awaitVisible(group, "fia", "gil");
    String deletedId = null;
    for (int i = 1; i <= 7; i++) {
      JsonObject sent = system.send(group, "fia", "h" + i, "message " + i);
      if (i == 4) {
        deletedId = sent.getString("message_id");
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> seqs(system.getJson("/v1/chats/" + group + "/messages", "gil")).size() == 7);
    system.command("DELETE", "/v1/chats/" + group + "/messages/" + deletedId, "fia", null);
    String deleted = deletedId;
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                system
                    .getJson("/v1/chats/" + group + "/messages?limit=100", "gil")
                    .getJsonArray("messages")
                    .stream()
                    .anyMatch(
                        m ->
                            ((JsonObject) m).getString("message_id").equals(deleted)
                                && ((JsonObject) m).getBoolean("deleted")));

    JsonObject newest = system.getJson("/v1/chats/" + group + "/messages?limit=3", "gil");
    assertThat(seqs(newest)).containsExactly(7L, 6L, 5L);
    JsonObject next =
        system.getJson(
            "/v1/chats/" + group + "/messages?limit=3&cursor=" + newest.getString("next_cursor"),
            "gil");
    assertThat(seqs(next)).containsExactly(4L, 3L, 2L);
    JsonObject deletedOne = next.getJsonArray("messages").getJsonObject(0);
    assertThat(deletedOne.getBoolean("deleted")).isTrue();
    assertThat(deletedOne.getValue("text")).isNull();
    JsonObject last =
        system.getJson(
            "/v1/chats/" + group + "/messages?limit=3&cursor=" + next.getString("next_cursor"),
            "gil");
    assertThat(seqs(last)).containsExactly(1L);
    assertThat(last.getValue("next_cursor")).isNull();
    JsonObject forward = system.getJson("/v1/chats/" + group + "/messages?after=5&limit=10", "gil");
    assertThat(seqs(forward)).containsExactly(6L, 7L);
    assertThat(forward.getValue("next_cursor")).isNull();
  }

  private static JsonObject firstRoom(String user) {
    return system.getJson("/v1/me/rooms", user).getJsonArray("rooms").getJsonObject(0);
  }

  private static long sumOfUnread(JsonObject page) {
    JsonArray rooms = page.getJsonArray("rooms");
    long sum = 0;
    for (int i = 0; i < rooms.size(); i++) {
      sum += rooms.getJsonObject(i).getLong("unread_count");
    }
    return sum;
  }

  private static java.util.List<Long> seqs(JsonObject page) {
    return page.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getLong("seq"))
        .toList();
  }
}

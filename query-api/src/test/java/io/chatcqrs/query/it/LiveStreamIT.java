package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live stream over the whole system: delivery, resume with Last-Event-ID, reset. */
@ChatInfraTest
class LiveStreamIT {
  static ChatSystem system;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system = ChatSystem.start(infra, Map.of("ratelimit.enabled", false, "sse.heartbeat-ms", 300));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_deliver_to_the_other_member_and_resume_with_exactly_the_missed_events()
      throws Exception {
    String chat = system.createDirect("fay", "gus").getString("chat_id");
    system.awaitVisible(chat, "fay", "gus");
    String lastId;
    try (SseClient gus = connect("gus", null)) {
      assertThat(gus.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> !gus.comments.isEmpty());
      JsonObject first = system.send(chat, "fay", "s1", "hi gus");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> messageIds(gus).contains(first.getString("message_id")));
      JsonObject data = new JsonObject(gus.of("message").get(0).data());
      assertThat(data.getString("chat_id")).isEqualTo(chat);
      assertThat(data.getString("text")).isEqualTo("hi gus");
      assertThat(data.getLong("unread_count")).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> gus.comments.stream().anyMatch(c -> c.contains("heartbeat")));
      lastId = gus.lastId();
    }

    List<String> missed = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      missed.add(system.send(chat, "fay", "s" + i, "missed " + i).getString("message_id"));
    }
    try (SseClient resumed = connect("gus", lastId)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> messageIds(resumed).size() >= 3);
      JsonObject later = system.send(chat, "fay", "s5", "live again");
      missed.add(later.getString("message_id"));

      await().atMost(Duration.ofSeconds(30)).until(() -> messageIds(resumed).size() >= 4);
      assertThat(messageIds(resumed)).containsExactlyElementsOf(missed);
      assertThat(resumed.of("reset")).isEmpty();
      List<Long> offsets =
          resumed.events.stream()
              .filter(e -> e.id() != null)
              .map(e -> Long.parseLong(e.id().split("-")[1]))
              .toList();
      assertThat(offsets).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void should_send_a_reset_for_an_id_older_than_the_inbox() throws Exception {
    String chat = system.createDirect("hal", "ivy").getString("chat_id");
    system.awaitVisible(chat, "hal", "ivy");
    String id;
    try (SseClient ivy = connect("ivy", null)) {
      JsonObject hello = system.send(chat, "hal", "r1", "hello");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> messageIds(ivy).contains(hello.getString("message_id")));
      id = ivy.lastId();
    }
    String[] parts = id.split("-");
    long dayAndAHalfAgo = System.currentTimeMillis() - Duration.ofHours(36).toMillis();
    String ancient = parts[0] + "-0-" + dayAndAHalfAgo;

    try (SseClient resumed = connect("ivy", ancient)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.of("reset").isEmpty());
      JsonObject live = system.send(chat, "hal", "r2", "after reset");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> messageIds(resumed).contains(live.getString("message_id")));
      assertThat(messageIds(resumed)).containsExactly(live.getString("message_id"));
    }
  }

  private static SseClient connect(String user, String lastEventId) throws Exception {
    return SseClient.withTicket(system.queryUri("/v1/me/events"), system.ticket(user), lastEventId);
  }

  private static List<String> messageIds(SseClient client) {
    return client.of("message").stream()
        .map(e -> new JsonObject(e.data()).getString("message_id"))
        .toList();
  }
}

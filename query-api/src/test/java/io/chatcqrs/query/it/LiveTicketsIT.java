package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live-stream authentication over the whole system with two query-api instances behind an imaginary
 * round-robin balancer: A (the defaults: tickets, no {@code ?access_token=}) and B (short-lived
 * tickets, {@code ?access_token=} allowed, as in local mode). Tickets are single-use across
 * instances, expire, and a stream ends at its token's expiry and resumes with nothing missed.
 */
@ChatInfraTest
class LiveTicketsIT {
  static ChatSystem system;
  static int a;
  static int b;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system = ChatSystem.start(infra, Map.of("ratelimit.enabled", false, "sse.heartbeat-ms", 300));
    a = system.queryPort();
    b =
        system.startAnotherQueryApi(
            Map.of("sse.ticket-ttl-ms", 1500, "sse.allow-access-token", true));
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_issue_a_ticket_that_opens_one_stream_only() throws Exception {
    HttpResponse<String> issued = system.requestTicket(a, system.token("tia"));
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(issued.body());
    Instant expiresAt = Instant.parse(body.getString("expires_at"));
    assertThat(expiresAt).isBetween(Instant.now().plusSeconds(20), Instant.now().plusSeconds(31));
    assertThat(body.getString("expires_at")).matches(".*\\.\\d{3}Z");
    String ticket = body.getString("ticket");

    try (SseClient first = SseClient.withTicket(events(a), ticket, null)) {
      assertThat(first.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> !first.comments.isEmpty());
      assertThat(first.comments.get(0)).isEqualTo(": stream of tia");

      assertRefused(get(events(a) + "?ticket=" + ticket), "already used");
    }
    assertRefused(get(events(a) + "?ticket=" + ticket), "already used");
    assertRefused(get(events(a) + "?ticket=" + ticket.substring(1)), "ticket");
    assertRefused(system.requestTicket(a, "not-a-token"), "token");
  }

  @Test
  void should_open_a_stream_on_b_with_a_ticket_from_a_and_only_once() throws Exception {
    String chat = system.createDirect("ugo", "val").getString("chat_id");
    system.awaitVisible(chat, "ugo", "val");
    String ticket = system.ticket(a, system.token("val"));

    try (SseClient onB = SseClient.withTicket(events(b), ticket, null)) {
      assertThat(onB.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> !onB.comments.isEmpty());
      JsonObject sent = system.send(chat, "ugo", "ab1", "via b");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> messageIds(onB).contains(sent.getString("message_id")));

      assertRefused(get(events(a) + "?ticket=" + ticket), "already used");
      assertRefused(get(events(b) + "?ticket=" + ticket), "already used");
    }
  }

  @Test
  void should_refuse_an_expired_ticket() throws Exception {
    HttpResponse<String> issued = system.requestTicket(b, system.token("wes"));
    JsonObject body = new JsonObject(issued.body());
    Instant expiresAt = Instant.parse(body.getString("expires_at"));
    assertThat(expiresAt).isBefore(Instant.now().plusMillis(1600));

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Instant.now().isAfter(expiresAt.plusMillis(50)));

    assertRefused(get(events(b) + "?ticket=" + body.getString("ticket")), "expired");
    assertRefused(get(events(a) + "?ticket=" + body.getString("ticket")), "expired");
  }

  @Test
  void should_accept_access_token_only_where_configured() throws Exception {
    String token = system.token("xia");

    assertRefused(get(events(a) + "?access_token=" + token), "ticket");
    try (SseClient onB = SseClient.open(URI.create(events(b) + "?access_token=" + token), null)) {
      assertThat(onB.status).isEqualTo(200);
    }
    try (SseClient garbage =
        SseClient.open(URI.create(events(a) + "?access_token=ignored"), null)) {
      assertThat(garbage.status).isEqualTo(401);
    }
  }

  @Test
  void should_end_the_stream_when_its_token_expires_and_resume_with_nothing_missed()
      throws Exception {
    String chat = system.createDirect("yan", "zoe").getString("chat_id");
    system.awaitVisible(chat, "yan", "zoe");
    String shortLived = system.issuer.userToken(UserId.of("zoe"), Duration.ofSeconds(10));
    List<String> sent = new ArrayList<>();
    String lastId;

    try (SseClient first = SseClient.withTicket(events(a), system.ticket(a, shortLived), null)) {
      assertThat(first.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> !first.comments.isEmpty());
      sent.add(system.send(chat, "yan", "e1", "before expiry").getString("message_id"));
      await().atMost(Duration.ofSeconds(9)).until(() -> messageIds(first).equals(sent));

      await().atMost(Duration.ofSeconds(20)).until(() -> !first.of("expired").isEmpty());
      SseClient.Event expired = first.of("expired").get(0);
      assertThat(expired.id()).isNull();
      assertThat(new JsonObject(expired.data()).getString("reason")).contains("expired");
      await().atMost(Duration.ofSeconds(10)).until(first::ended);
      assertThat(Instant.now())
          .isAfterOrEqualTo(Instant.parse(new JsonObject(expired.data()).getString("expired_at")));
      assertThat(messageIds(first)).containsExactlyElementsOf(sent);
      lastId = first.lastId();
    }

    List<String> missed = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      missed.add(system.send(chat, "yan", "e" + i, "after expiry " + i).getString("message_id"));
    }
    String renewed = system.token("zoe");
    try (SseClient resumed = SseClient.withTicket(events(b), system.ticket(a, renewed), lastId)) {
      assertThat(resumed.status).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> messageIds(resumed).size() >= 3);
      missed.add(system.send(chat, "yan", "e5", "live again").getString("message_id"));
      await().atMost(Duration.ofSeconds(30)).until(() -> messageIds(resumed).size() >= 4);

      assertThat(messageIds(resumed)).containsExactlyElementsOf(missed);
      assertThat(resumed.of("reset")).isEmpty();
      assertThat(resumed.of("expired")).isEmpty();
    }
  }

  private static URI events(int port) {
    return URI.create("http://127.0.0.1:" + port + "/v1/me/events");
  }

  private static HttpResponse<String> get(String uri) {
    return system.send(URI.create(uri), "GET", Map.of(), null);
  }

  private static void assertRefused(HttpResponse<String> response, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(new JsonObject(response.body()).getString("detail")).contains(detail);
  }

  private static List<String> messageIds(SseClient client) {
    return client.of("message").stream()
        .map(e -> new JsonObject(e.data()).getString("message_id"))
        .toList();
  }
}

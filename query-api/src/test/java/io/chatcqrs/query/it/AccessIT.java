package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every unauthorised attempt is refused with a problem and no data. */
@ChatInfraTest
class AccessIT {
  static ChatSystem system;
  static String chat;

  @BeforeAll
  static void start(ChatInfra infra) throws Exception {
    system =
        ChatSystem.start(
            infra,
            Map.of(
                "ratelimit.sse-connects.capacity", 2,
                "ratelimit.sse-connects.refill-tokens", 1,
                "ratelimit.sse-connects.refill-period-ms", 60_000));
    chat = system.createGroup("owner", "secret room", "member").getString("chat_id");
    String second = system.createGroup("owner", "second room", "member").getString("chat_id");
    system.awaitVisible(chat, "owner", "member");
    system.awaitVisible(second, "owner", "member");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> system.getJson("/v1/me/rooms", "owner").getJsonArray("rooms").size() == 2);
    system.send(chat, "owner", "x1", "top secret");
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void should_refuse_another_users_rooms_but_allow_the_user_and_a_service() {
    assertRefused(system.get("/v1/users/owner/rooms", "member"), 403);
    assertThat(system.get("/v1/users/owner/rooms", "owner").statusCode()).isEqualTo(200);
    String service = system.issuer.serviceToken(UserId.of("push"), Duration.ofMinutes(5));
    HttpResponse<String> asService =
        system.send(
            system.queryUri("/v1/users/owner/rooms"),
            "GET",
            Map.of("Authorization", "Bearer " + service),
            null);
    assertThat(asService.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(asService.body()).getJsonArray("rooms")).isNotEmpty();
  }

  @Test
  void should_answer_404_to_a_non_member_for_history_and_details() {
    assertRefused(system.get("/v1/chats/" + chat + "/messages", "stranger"), 404);
    assertRefused(system.get("/v1/chats/" + chat, "stranger"), 404);
    assertRefused(system.get("/v1/chats/no-such-chat", "member"), 404);
    assertThat(system.get("/v1/chats/" + chat + "/messages", "member").statusCode()).isEqualTo(200);
  }

  @Test
  void should_answer_401_without_a_valid_token() {
    TokenIssuer past =
        new TokenIssuer(
            ChatSystem.SECRET, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
    String expired = past.userToken(UserId.of("owner"), Duration.ofMinutes(5));
    String forged =
        new TokenIssuer("another-secret-another-secret-0123456")
            .userToken(UserId.of("owner"), Duration.ofMinutes(5));
    String unsigned =
        base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64("{\"sub\":\"owner\"}") + ".";
    for (String token : new String[] {expired, forged, unsigned, "garbage"}) {
      for (String path : new String[] {"/v1/me/rooms", "/v1/chats/" + chat + "/messages"}) {
        HttpResponse<String> response =
            system.send(
                system.queryUri(path), "GET", Map.of("Authorization", "Bearer " + token), null);
        assertRefused(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
      }
    }
    assertRefused(system.get("/v1/me/rooms", null), 401);
    assertRefused(
        system.send(system.queryUri("/v1/me/events?access_token=" + forged), "GET", Map.of(), null),
        401);
  }

  @Test
  void should_answer_400_to_a_tampered_or_foreign_cursor() {
    JsonObject page = system.getJson("/v1/me/rooms?limit=1", "owner");
    String cursor = page.getString("next_cursor");
    assertThat(cursor).isNotNull();
    char last = cursor.charAt(cursor.length() - 1);
    String tampered = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertRefused(system.get("/v1/me/rooms?limit=1&cursor=" + tampered, "owner"), 400);
    assertRefused(system.get("/v1/me/rooms?limit=1&cursor=" + cursor, "member"), 400);
    assertRefused(system.get("/v1/chats/" + chat + "/messages?cursor=" + cursor, "owner"), 400);
    assertRefused(system.get("/v1/me/rooms?limit=0", "owner"), 400);
    assertRefused(system.get("/v1/me/rooms?limit=abc", "owner"), 400);
    assertRefused(
        system.get("/v1/me/rooms", "owner", Map.of("X-Chat-Position", "not-a-position")), 400);
  }

  @Test
  void should_rate_limit_sse_connects_with_429_and_headers() throws Exception {
    String token = system.token("limited");
    HttpResponse<String> refused = null;
    for (int i = 0; i < 4 && refused == null; i++) {
      try (SseClient client =
          SseClient.withTicket(
              system.queryUri("/v1/me/events"), system.ticket(system.queryPort(), token), null)) {
        if (client.status == 429) {
          refused =
              system.send(
                  system.queryUri(
                      "/v1/me/events?ticket=" + system.ticket(system.queryPort(), token)),
                  "GET",
                  Map.of(),
                  null);
        }
      }
    }
    assertThat(refused).isNotNull();
    assertRefused(refused, 429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("2");
    assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
  }

  private static void assertRefused(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.fieldNames()).doesNotContain("rooms", "messages", "members");
    assertThat(response.body()).doesNotContain("top secret", "secret room");
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
  }
}

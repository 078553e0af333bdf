package io.chatcqrs.command;

import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.RunningProjection;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is appended for what cannot exist": two command-api instances (each with its own
 * pre-check cache and verdict tail, default cache times) and the real projection over the same
 * topics and keyspace. Unknown chats and non-members get one 404 and append nothing; a removal is
 * refused on the other instance within 2 s; a chat created a moment ago is known, and so is a
 * message sent a moment ago (its edit waits for it, up to {@code precheck.message-wait-ms}).
 */
@ChatInfraTest
class CommandSafetyIT {
  static ChatInfra infra;
  static ChatInfra.Isolation isolation;
  static RunningProjection projection;
  static RunningCommandApi first;
  static RunningCommandApi second;
  static EventLog log;
  static final AtomicInteger clientMsgIds = new AtomicInteger();

  @BeforeAll
  static void start(ChatInfra chatInfra) {
    infra = chatInfra;
    isolation = infra.isolate();
    projection = RunningProjection.start(infra, isolation);
    first = RunningCommandApi.start(infra, isolation, Map.of("ratelimit.enabled", false));
    second = RunningCommandApi.start(infra, isolation, Map.of("ratelimit.enabled", false));
    log = new EventLog(infra.bootstrapServers(), isolation.topics().chatEvents());
    for (RunningCommandApi api : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(verdictsCheck(api).getString("status")).isEqualTo("UP"));
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {log, first, second, projection}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void should_answer_the_same_404_for_an_unknown_chat_and_for_a_direct_chat_of_others() {
    String direct = created(first.call("POST", "/v1/chats", "alice", direct("bob")));

    HttpResponse<String> toOthers = nothingAppended(() -> send(second, direct, "mallory"), 404);
    HttpResponse<String> toNowhere =
        nothingAppended(() -> send(second, "dNoSuchChatAnywhere0123456789", "mallory"), 404);
    HttpResponse<String> toOthersAgain = nothingAppended(() -> send(first, direct, "mallory"), 404);

    assertThat(toOthers.body()).isEqualTo(toNowhere.body()).isEqualTo(toOthersAgain.body());
  }

  @Test
  void should_refuse_every_command_of_a_non_member_with_404_and_append_nothing() {
    String group = created(first.call("POST", "/v1/chats", "alice", group("bob")));
    String message = new JsonObject(accepted(send(first, group, "alice"))).getString("message_id");
    String base = "/v1/chats/" + group;
    List<Supplier<HttpResponse<String>>> commands =
        List.of(
            () -> send(second, group, "mallory"),
            () -> second.call("PATCH", base + "/messages/" + message, "mallory", text("x")),
            () -> second.call("DELETE", base + "/messages/" + message, "mallory", null),
            () -> second.call("POST", base + "/read", "mallory", "{\"seq\":1}"),
            () -> second.call("POST", base + "/members", "mallory", "{\"user_id\":\"mallory\"}"),
            () -> second.call("DELETE", base + "/members/bob", "mallory", null));
    String unknownChat = null;
    for (Supplier<HttpResponse<String>> command : commands) {
      HttpResponse<String> refused = nothingAppended(command, 404);
      unknownChat = unknownChat == null ? refused.body() : unknownChat;
      assertThat(refused.body()).isEqualTo(unknownChat);
    }
  }

  @Test
  void should_refuse_a_removed_member_on_every_instance_within_2_s() {
    String group = created(first.call("POST", "/v1/chats", "alice", group("bob", "carol")));
    // the other instance has bob cached as a member (for 30 s, by its found-cache)
    accepted(send(second, group, "bob"));
    accepted(send(second, group, "bob"));

    accepted(first.call("DELETE", "/v1/chats/" + group + "/members/bob", "alice", null));
    long removedAt = System.nanoTime();
    // the 202 comes once the sink applied the removal: an instance whose verdict tail is behind
    // (or whose cached answer was evicted) reads Cassandra and finds bob gone too
    assertThat(memberRow(group, "bob")).isFalse();
    assertThat(memberRow(group, "carol")).isTrue();

    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertProblem(send(second, group, "bob"), 404));
    assertThat(Duration.ofNanos(System.nanoTime() - removedAt)).isLessThan(Duration.ofSeconds(2));
    nothingAppended(() -> send(second, group, "bob"), 404);
    nothingAppended(() -> send(first, group, "bob"), 404);
    accepted(send(second, group, "carol"));
  }

  @Test
  void should_accept_commands_right_after_a_create_and_an_add_on_any_instance() {
    String group = created(first.call("POST", "/v1/chats", "dora", group("eve")));
    accepted(send(second, group, "eve"));
    accepted(send(first, group, "dora"));

    String direct = created(second.call("POST", "/v1/chats", "fay", direct("gus")));
    accepted(send(first, direct, "gus"));

    accepted(
        first.call("POST", "/v1/chats/" + group + "/members", "dora", "{\"user_id\":\"hal\"}"));
    accepted(send(second, group, "hal"));
  }

  @Test
  void should_accept_an_edit_or_delete_right_after_the_send_on_any_instance() {
    String group = created(first.call("POST", "/v1/chats", "kim", group("lou")));
    String edited = new JsonObject(accepted(send(first, group, "kim"))).getString("message_id");
    String deleted = new JsonObject(accepted(send(first, group, "kim"))).getString("message_id");
    String messages = "/v1/chats/" + group + "/messages/";

    // no pause: neither message is in the read model yet, the pre-check waits for it
    accepted(second.call("PATCH", messages + edited, "kim", text("edited at once")));
    accepted(second.call("DELETE", messages + deleted, "kim", null));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(history(group, edited).getString("text")).isEqualTo("edited at once");
              assertThat(history(group, deleted).getBoolean("deleted")).isTrue();
            });
  }

  @Test
  void should_refuse_an_edit_of_a_message_never_sent_after_the_wait_and_not_make_strangers_wait() {
    String group = created(first.call("POST", "/v1/chats", "max", group("ned")));
    String never = "/v1/chats/" + group + "/messages/neverSent" + clientMsgIds.incrementAndGet();

    long asked = System.nanoTime();
    HttpResponse<String> unknown =
        nothingAppended(() -> second.call("PATCH", never, "max", text("x")), 404);
    assertThat(Duration.ofNanos(System.nanoTime() - asked))
        .as("the default precheck.message-wait-ms")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(new JsonObject(unknown.body()).getString("detail")).startsWith("no such message");

    long strangerAsked = System.nanoTime();
    HttpResponse<String> stranger =
        nothingAppended(() -> second.call("DELETE", never, "mallory", null), 404);
    assertThat(Duration.ofNanos(System.nanoTime() - strangerAsked))
        .isLessThan(Duration.ofSeconds(1));
    assertThat(new JsonObject(stranger.body()).getString("detail")).isEqualTo("no such chat");
  }

  @Test
  void should_answer_503_with_retry_after_and_append_nothing_when_cassandra_cannot_answer() {
    String group = created(first.call("POST", "/v1/chats", "ivy", group("jon")));
    Map<String, Object> overrides =
        Map.of(
            "ratelimit.enabled",
            false,
            "cassandra.contact.points",
            "127.0.0.1:1",
            "cassandra.reconnect-ms",
            60_000);
    try (RunningCommandApi blind = RunningCommandApi.start(infra, isolation, overrides)) {
      HttpResponse<String> refused = nothingAppended(() -> send(blind, group, "ivy"), 503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      nothingAppended(() -> blind.call("POST", "/v1/chats", "ivy", group("jon")), 503);
      HttpResponse<String> ready = blind.call("GET", "/health/ready", null, null);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    }
  }

  @Test
  void should_report_a_verdict_tail_that_cannot_follow_on_readiness() {
    Map<String, Object> overrides =
        Map.of("ratelimit.enabled", false, "topics.prefix", "absent-" + UUID.randomUUID() + "-");
    try (RunningCommandApi lost = RunningCommandApi.start(infra, isolation, overrides)) {
      JsonObject verdicts = verdictsCheck(lost);
      assertThat(verdicts.getString("status")).isEqualTo("DOWN");
      assertThat(verdicts.getString("error")).contains("cache briefly");
    }
    assertThat(first.call("GET", "/metrics", null, null).body())
        .contains("chat_precheck_verdicts_fresh")
        .contains("chat_precheck_verdicts_lag_seconds");
  }

  /** Whether the read model has {@code user}'s member row in {@code chat}. */
  private static boolean memberRow(String chat, String user) {
    return infra
            .session()
            .execute(
                "SELECT user_id FROM "
                    + isolation.keyspace()
                    + ".members_by_chat WHERE chat_id = ? AND user_id = ?",
                chat,
                user)
            .one()
        != null;
  }

  /** The message's history row (text, deleted), empty while the projection has not written it. */
  private static JsonObject history(String chat, String message) {
    String ks = isolation.keyspace();
    Row byId =
        infra
            .session()
            .execute(
                "SELECT seq FROM " + ks + ".messages_by_id WHERE chat_id = ? AND message_id = ?",
                chat,
                message)
            .one();
    if (byId == null) {
      return new JsonObject();
    }
    long seq = byId.getLong("seq");
    Row row =
        infra
            .session()
            .execute(
                "SELECT text, deleted FROM "
                    + ks
                    + ".messages_by_chat WHERE chat_id = ? AND bucket = ? AND seq = ?",
                chat,
                seq / 1000,
                seq)
            .one();
    return row == null
        ? new JsonObject()
        : new JsonObject()
            .put("text", row.getString("text"))
            .put("deleted", Boolean.TRUE.equals(row.getBoolean("deleted")));
  }

  private static JsonObject verdictsCheck(RunningCommandApi api) {
    return new JsonObject(api.call("GET", "/health/ready", null, null).body())
        .getJsonObject("checks")
        .getJsonObject("verdicts");
  }

  private static HttpResponse<String> send(RunningCommandApi api, String chat, String sender) {
    return api.call(
        "POST",
        "/v1/chats/" + chat + "/messages",
        sender,
        new JsonObject()
            .put("client_msg_id", "c" + clientMsgIds.incrementAndGet())
            .put("text", "hi")
            .encode());
  }

  private static HttpResponse<String> nothingAppended(
      Supplier<HttpResponse<String>> command, int status) {
    long before = log.count();
    HttpResponse<String> response = command.get();
    assertProblem(response, status);
    assertThat(log.count()).as("records appended by a refused command").isEqualTo(before);
    return response;
  }

  private static String accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return response.body();
  }

  private static String created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getString("chat_id");
  }

  private static String group(String... others) {
    return new JsonObject()
        .put("type", "group")
        .put("title", "team")
        .put("members", new JsonArray(List.of((Object[]) others)))
        .encode();
  }

  private static String direct(String other) {
    return new JsonObject()
        .put("type", "direct")
        .put("members", new JsonArray().add(other))
        .encode();
  }

  private static String text(String text) {
    return new JsonObject().put("text", text).encode();
  }
}

package io.chatcqrs.command;

import static io.chatcqrs.command.support.EventLog.assertChatEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.RunningProjection;
import io.chatcqrs.command.write.createchat.DirectChatIds;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command's success path against a real Kafka and Cassandra, with the real projection making
 * chats visible to the pre-checks: one well-formed event per command.
 */
@ChatInfraTest
class CommandApiIT {
  static ChatInfra infra;
  static RunningProjection projection;
  static RunningCommandApi api;
  static EventLog log;

  @BeforeAll
  static void start(ChatInfra chatInfra) {
    infra = chatInfra;
    ChatInfra.Isolation isolation = infra.isolate();
    projection = RunningProjection.start(infra, isolation);
    api =
        RunningCommandApi.start(
            infra,
            isolation,
            Map.of(
                "ratelimit.enabled",
                false,
                "precheck.cache-ms",
                50,
                "precheck.found-cache-ms",
                50));
    log = new EventLog(infra.bootstrapServers(), isolation.topics().chatEvents());
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    if (api != null) {
      api.close();
    }
    if (projection != null) {
      projection.close();
    }
  }

  @Test
  void should_create_a_group_chat_with_the_caller_as_member() {
    JsonObject created =
        expectOneEvent(201, () -> api.call("POST", "/v1/chats", "alice", group("bob", "carol")));

    String chatId = created.getString("chat_id");
    JsonNode event = assertChatEvent(log.at(created.getString("position")), "ChatCreated", chatId);
    assertThat(event.path("type").asText()).isEqualTo("group");
    assertThat(event.path("title").asText()).isEqualTo("team");
    assertThat(event.path("actor_id").asText()).isEqualTo("alice");
    assertThat(event.path("members").toString()).contains("\"alice\"", "\"bob\"", "\"carol\"");
  }

  @Test
  @SuppressWarnings("deprecation")
  void should_give_the_same_keyed_direct_chat_to_the_same_pair_and_200_once_it_exists() {
    JsonObject first =
        expectOneEvent(201, () -> api.call("POST", "/v1/chats", "dave", direct("erin")));
    JsonObject again =
        expectOneEvent(200, () -> api.call("POST", "/v1/chats", "erin", direct("dave")));

    String chatId = first.getString("chat_id");
    assertThat(again.getString("chat_id")).isEqualTo(chatId);
    assertThat(chatId)
        .isEqualTo(
            new DirectChatIds(RunningCommandApi.DIRECT_ID_SECRET)
                .of(UserId.of("dave"), UserId.of("erin"))
                .value())
        .isNotEqualTo(ChatId.direct(UserId.of("dave"), UserId.of("erin")).value());
    assertChatEvent(log.at(first.getString("position")), "ChatCreated", chatId);
  }

  @Test
  void should_send_a_message_with_a_derived_id_and_the_same_id_on_retry() {
    String chatId = createGroup("frank", "grace").getString("chat_id");
    String body = "{\"client_msg_id\":\"c-1\",\"text\":\"hello \\u00e9\\ud83d\\ude00\"}";

    JsonObject sent =
        expectOneEvent(
            202, () -> api.call("POST", "/v1/chats/" + chatId + "/messages", "frank", body));
    JsonObject retried =
        expectOneEvent(
            202, () -> api.call("POST", "/v1/chats/" + chatId + "/messages", "frank", body));

    String expectedId =
        MessageId.derive(ChatId.of(chatId), UserId.of("frank"), ClientMsgId.of("c-1")).value();
    assertThat(sent.getString("message_id")).isEqualTo(expectedId);
    assertThat(retried.getString("message_id")).isEqualTo(expectedId);
    JsonNode event = assertChatEvent(log.at(sent.getString("position")), "MessageSent", chatId);
    assertThat(event.path("text").asText()).isEqualTo("hello é😀");
    assertThat(event.path("message_id").asText()).isEqualTo(expectedId);
    assertThat(event.path("client_msg_id").asText()).isEqualTo("c-1");
  }

  @Test
  void should_accept_a_4000_character_text() {
    String chatId = createGroup("hank").getString("chat_id");
    String text = "😀".repeat(4000);

    JsonObject sent =
        expectOneEvent(
            202,
            () ->
                api.call(
                    "POST",
                    "/v1/chats/" + chatId + "/messages",
                    "hank",
                    new JsonObject().put("client_msg_id", "long").put("text", text).encode()));

    assertThat(
            assertChatEvent(log.at(sent.getString("position")), "MessageSent", chatId)
                .path("text")
                .asText())
        .isEqualTo(text);
  }

  @Test
  void should_append_member_edit_delete_and_read_events() {
    String chatId = createGroup("ivan", "judy").getString("chat_id");
    String base = "/v1/chats/" + chatId;
    String messageId =
        new JsonObject(
                api.call(
                        "POST",
                        base + "/messages",
                        "ivan",
                        "{\"client_msg_id\":\"m1\",\"text\":\"hi\"}")
                    .body())
            .getString("message_id");

    JsonObject joined =
        expectOneEvent(
            202, () -> api.call("POST", base + "/members", "ivan", "{\"user_id\":\"kim\"}"));
    assertThat(
            assertChatEvent(log.at(joined.getString("position")), "MemberJoined", chatId)
                .path("user_id")
                .asText())
        .isEqualTo("kim");

    // the message is known to the pre-check once the projection has it (a send answers before)
    AtomicReference<JsonObject> editAnswer = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                editAnswer.set(
                    expectOneEvent(
                        202,
                        () ->
                            api.call(
                                "PATCH",
                                base + "/messages/" + messageId,
                                "ivan",
                                "{\"text\":\"hello\"}"))));
    JsonObject edited = editAnswer.get();
    JsonNode edit = assertChatEvent(log.at(edited.getString("position")), "MessageEdited", chatId);
    assertThat(edit.path("text").asText()).isEqualTo("hello");
    assertThat(edit.path("message_id").asText()).isEqualTo(messageId);

    JsonObject read =
        expectOneEvent(202, () -> api.call("POST", base + "/read", "judy", "{\"seq\":1}"));
    assertThat(
            assertChatEvent(log.at(read.getString("position")), "ReadMarkerMoved", chatId)
                .path("seq")
                .asLong())
        .isEqualTo(1);

    JsonObject deleted =
        expectOneEvent(
            202, () -> api.call("DELETE", base + "/messages/" + messageId, "ivan", null));
    assertChatEvent(log.at(deleted.getString("position")), "MessageDeleted", chatId);

    JsonObject removed =
        expectOneEvent(202, () -> api.call("DELETE", base + "/members/kim", "ivan", null));
    JsonNode left = assertChatEvent(log.at(removed.getString("position")), "MemberLeft", chatId);
    assertThat(left.path("user_id").asText()).isEqualTo("kim");
    assertThat(left.path("actor_id").asText()).isEqualTo("ivan");

    JsonObject selfLeft =
        expectOneEvent(202, () -> api.call("DELETE", base + "/members/judy", "judy", null));
    assertChatEvent(log.at(selfLeft.getString("position")), "MemberLeft", chatId);
  }

  @Test
  void should_serve_health_metrics_and_the_openapi_document() {
    assertThat(api.call("GET", "/health/live", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = api.call("GET", "/health/ready", null, null);
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(
            new JsonObject(ready.body())
                .getJsonObject("checks")
                .getJsonObject("kafka")
                .getString("status"))
        .isEqualTo("UP");
    HttpResponse<String> openapi = api.call("GET", "/openapi.yaml", null, null);
    assertThat(openapi.body()).contains("openapi: 3.1.0", "operationId: sendMessage");
    createGroup("lena");
    assertThat(api.call("GET", "/metrics", null, null).body())
        .contains("chat_http_requests_seconds_count")
        .contains("route=\"/v1/chats\"")
        .contains("chat_produce_latency_seconds");
  }

  private static String group(String... others) {
    return new JsonObject()
        .put("type", "group")
        .put("title", "team")
        .put("members", new JsonArray(java.util.List.of((Object[]) others)))
        .encode();
  }

  private JsonObject createGroup(String creator, String... others) {
    HttpResponse<String> response = api.call("POST", "/v1/chats", creator, group(others));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private static String direct(String other) {
    return new JsonObject()
        .put("type", "direct")
        .put("members", new JsonArray().add(other))
        .encode();
  }

  private static JsonObject expectOneEvent(
      int status, java.util.function.Supplier<HttpResponse<String>> call) {
    long before = log.count();
    HttpResponse<String> response = call.get();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(log.count()).isEqualTo(before + 1);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("position")).isNotBlank();
    return body;
  }
}

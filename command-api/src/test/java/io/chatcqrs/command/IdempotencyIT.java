package io.chatcqrs.command;

import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcqrs.command.idempotency.GroupChatIds;
import io.chatcqrs.command.idempotency.IdempotencyKey;
import io.chatcqrs.command.idempotency.RequestFingerprint;
import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.RunningProjection;
import io.chatcqrs.command.support.SeededChats;
import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} against a real Kafka and Cassandra: a retry answers the first answer and
 * appends nothing, so a retried create makes one group, a retried edit cannot revert a newer one
 * and a retried leave cannot undo a later join, nor be refused because its caller has left. Two
 * instances share the key table (the second, {@code other}, has a 2 s in-flight TTL); the real
 * projection makes created chats, joins and sent messages visible to their pre-checks.
 */
@ChatInfraTest
class IdempotencyIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ChatInfra infra;
  static RunningProjection projection;
  static RunningCommandApi api;
  static RunningCommandApi other;
  static EventLog log;
  static String topic;
  static String keyspace;

  @BeforeAll
  static void start(ChatInfra chatInfra) {
    infra = chatInfra;
    ChatInfra.Isolation isolation = infra.isolate();
    projection = RunningProjection.start(infra, isolation);
    Map<String, Object> settings =
        Map.of("ratelimit.enabled", false, "precheck.cache-ms", 50, "precheck.found-cache-ms", 50);
    api = RunningCommandApi.start(infra, isolation, settings);
    Map<String, Object> shortClaims = new java.util.HashMap<>(settings);
    shortClaims.put("command.idempotency.in-flight-ttl-ms", 2000);
    other = RunningCommandApi.start(infra, isolation, shortClaims);
    topic = isolation.topics().chatEvents();
    keyspace = isolation.keyspace();
    log = new EventLog(infra.bootstrapServers(), topic);
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    if (other != null) {
      other.close();
    }
    if (api != null) {
      api.close();
    }
    if (projection != null) {
      projection.close();
    }
  }

  @Test
  void should_answer_a_retried_group_create_with_the_same_chat_and_append_one_ChatCreated() {
    String key = newKey();
    String body = group("team", "bob", "carol");

    HttpResponse<String> first = api.call("POST", "/v1/chats", "alice", body, withKey(key));
    long after = log.count();
    HttpResponse<String> retried = api.call("POST", "/v1/chats", "alice", body, withKey(key));
    HttpResponse<String> reserialised =
        api.call(
            "POST",
            "/v1/chats",
            "alice",
            "{ \"members\": [\"bob\", \"carol\"],\n  \"title\": \"team\", \"type\": \"group\" }",
            withKey(key));
    HttpResponse<String> onAnotherInstance =
        other.call("POST", "/v1/chats", "alice", body, withKey("\"" + key + "\""));

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotency-Replayed")).isEmpty();
    String chatId = new JsonObject(first.body()).getString("chat_id");
    // derived, not random: a retry after a 503 (possibly appended) would name the same chat
    assertThat(chatId)
        .isEqualTo(
            // command.idempotency.secret defaults to chat.direct-id-secret
            new GroupChatIds(RunningCommandApi.DIRECT_ID_SECRET)
                .forKey(
                    UserId.of("alice"),
                    new IdempotencyKey(key),
                    RequestFingerprint.of("POST", "/v1/chats", Map.of(), new JsonObject(body)))
                .value());
    for (HttpResponse<String> again : List.of(retried, reserialised, onAnotherInstance)) {
      assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(again.headers().firstValue("Idempotency-Replayed")).hasValue("true");
      assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
    }
    assertThat(log.count()).isEqualTo(after);
    assertThat(eventsOf(chatId))
        .extracting(e -> e.path("event_type").asText())
        .containsExactly("ChatCreated");
    assertThat(api.call("GET", "/metrics", null, null).body())
        .containsPattern("chat_idempotency_requests_total\\{outcome=\"replayed\"[^}]*} [1-9]");
  }

  @Test
  void should_not_let_a_retried_edit_revert_a_newer_edit() {
    String chatId = createdGroup("dana", "eli");
    // edited right after its send: the edit's pre-check waits for the message to be projected
    String messageId = send(chatId, "dana", "m1");
    String path = "/v1/chats/" + chatId + "/messages/" + messageId;
    String key = newKey();

    HttpResponse<String> firstEdit =
        api.call("PATCH", path, "dana", "{\"text\":\"first\"}", withKey(key));
    HttpResponse<String> newerEdit =
        api.call("PATCH", path, "dana", "{\"text\":\"newer\"}", withKey(newKey()));
    HttpResponse<String> retriedFirst =
        api.call("PATCH", path, "dana", "{\"text\":\"first\"}", withKey(key));

    assertThat(firstEdit.statusCode()).as(firstEdit.body()).isEqualTo(202);
    assertThat(newerEdit.statusCode()).as(newerEdit.body()).isEqualTo(202);
    assertThat(retriedFirst.statusCode()).as(retriedFirst.body()).isEqualTo(202);
    assertThat(retriedFirst.body()).isEqualTo(firstEdit.body());
    assertThat(retriedFirst.headers().firstValue("Idempotency-Replayed")).hasValue("true");
    List<String> edits =
        eventsOf(chatId).stream()
            .filter(e -> e.path("event_type").asText().equals("MessageEdited"))
            .map(e -> e.path("text").asText())
            .toList();
    assertThat(edits).containsExactly("first", "newer");
  }

  @Test
  void should_not_let_a_retried_leave_undo_a_later_join() {
    String chatId = createdGroup("fay", "gus");
    String leave = "/v1/chats/" + chatId + "/members/gus";
    String key = newKey();

    HttpResponse<String> left = api.call("DELETE", leave, "gus", null, withKey(key));
    HttpResponse<String> rejoined =
        api.call(
            "POST", "/v1/chats/" + chatId + "/members", "fay", "{\"user_id\":\"gus\"}", Map.of());
    HttpResponse<String> retriedLeave = api.call("DELETE", leave, "gus", null, withKey(key));

    assertThat(left.statusCode()).as(left.body()).isEqualTo(202);
    assertThat(rejoined.statusCode()).as(rejoined.body()).isEqualTo(202);
    assertThat(retriedLeave.statusCode()).as(retriedLeave.body()).isEqualTo(202);
    assertThat(retriedLeave.body()).isEqualTo(left.body());
    List<String> membership =
        eventsOf(chatId).stream()
            .map(e -> e.path("event_type").asText() + ":" + e.path("user_id").asText())
            .filter(e -> e.startsWith("Member"))
            .toList();
    assertThat(membership).containsExactly("MemberLeft:gus", "MemberJoined:gus");
  }

  @Test
  void should_replay_a_retried_leave_to_a_caller_who_is_no_longer_a_member() {
    String chatId = createdGroup("ada", "ben");
    String leave = "/v1/chats/" + chatId + "/members/ben";
    String key = newKey();
    HttpResponse<String> left = api.call("DELETE", leave, "ben", null, withKey(key));
    assertThat(left.statusCode()).as(left.body()).isEqualTo(202);
    // the pre-checks of both instances now refuse ben as a non-member (a probe that appends
    // nothing either way: a member's edit of an unknown message is "no such message")
    String probe = "/v1/chats/" + chatId + "/messages/nosuchmessage";
    for (RunningCommandApi instance : List.of(api, other)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          assertProblem(
                                  instance.call("PATCH", probe, "ben", "{\"text\":\"x\"}"), 404)
                              .getString("detail"))
                      .isEqualTo("no such chat"));
    }
    long before = log.count();

    for (RunningCommandApi instance : List.of(api, other)) {
      HttpResponse<String> retried = instance.call("DELETE", leave, "ben", null, withKey(key));
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
      assertThat(retried.body()).isEqualTo(left.body());
      assertThat(retried.headers().firstValue("Idempotency-Replayed")).hasValue("true");
    }
    assertThat(log.count()).isEqualTo(before);
    assertThat(eventsOf(chatId))
        .extracting(e -> e.path("event_type").asText() + ":" + e.path("user_id").asText())
        .containsExactly("ChatCreated:", "MemberLeft:ben");
  }

  @Test
  void should_answer_422_to_the_same_key_on_another_request_and_append_nothing() {
    String chatId = createdGroup("hal", "ida");
    String key = newKey();
    String messages = "/v1/chats/" + chatId + "/messages";
    HttpResponse<String> first =
        api.call(
            "POST", messages, "hal", "{\"client_msg_id\":\"a\",\"text\":\"one\"}", withKey(key));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    long before = log.count();

    HttpResponse<String> otherBody =
        api.call(
            "POST", messages, "hal", "{\"client_msg_id\":\"a\",\"text\":\"two\"}", withKey(key));
    HttpResponse<String> otherRoute =
        api.call("POST", "/v1/chats/" + chatId + "/read", "hal", "{\"seq\":1}", withKey(key));
    HttpResponse<String> otherInstance =
        other.call(
            "POST", messages, "hal", "{\"client_msg_id\":\"b\",\"text\":\"one\"}", withKey(key));

    for (HttpResponse<String> reused : List.of(otherBody, otherRoute, otherInstance)) {
      assertThat(assertProblem(reused, 422).getString("type")).endsWith("idempotency-key-reused");
    }
    assertThat(log.count()).isEqualTo(before);
  }

  @Test
  void should_refuse_a_malformed_key_with_400_and_append_nothing() {
    long before = log.count();
    for (String bad :
        List.of("has space", "a".repeat(65), "dot.ted", "\"unterminated", "\u00e9t\u00e9")) {
      HttpResponse<String> response =
          api.call("POST", "/v1/chats", "jon", group("x", "kat"), withKey(bad));
      assertProblem(response, 400);
    }
    assertThat(log.count()).isEqualTo(before);
  }

  @Test
  void should_keep_keys_per_caller() {
    String key = newKey();
    HttpResponse<String> alices =
        api.call("POST", "/v1/chats", "lea", group("same", "max"), withKey(key));
    HttpResponse<String> bobs =
        api.call("POST", "/v1/chats", "max", group("same", "lea"), withKey(key));
    HttpResponse<String> bobsOtherBody =
        api.call("POST", "/v1/chats", "ned", group("different", "lea"), withKey(key));

    assertThat(alices.statusCode()).as(alices.body()).isEqualTo(201);
    assertThat(bobs.statusCode()).as(bobs.body()).isEqualTo(201);
    assertThat(bobsOtherBody.statusCode()).as(bobsOtherBody.body()).isEqualTo(201);
    assertThat(bobs.headers().firstValue("Idempotency-Replayed")).isEmpty();
    Set<String> chats =
        Set.of(alices, bobs, bobsOtherBody).stream()
            .map(r -> new JsonObject(r.body()).getString("chat_id"))
            .collect(Collectors.toSet());
    assertThat(chats).hasSize(3);
    for (String chat : chats) {
      assertThat(eventsOf(chat)).hasSize(1);
    }
  }

  @Test
  void should_answer_409_while_the_same_request_is_in_flight() {
    String chatId = createdGroup("oli", "pam");
    String key = newKey();
    String body = "{\"seq\":3}";
    String fingerprint =
        RequestFingerprint.of(
            "POST", "/v1/chats/{chatId}/read", Map.of("chatId", chatId), new JsonObject(body));
    infra
        .session()
        .execute(
            "INSERT INTO "
                + keyspace
                + ".idempotency_keys (caller_id, idempotency_key, fingerprint, claim_id)"
                + " VALUES ('oli', '"
                + key
                + "', '"
                + fingerprint
                + "', "
                + UUID.randomUUID()
                + ") USING TTL 600");
    long before = log.count();

    HttpResponse<String> response =
        api.call("POST", "/v1/chats/" + chatId + "/read", "oli", body, withKey(key));

    assertThat(assertProblem(response, 409).getString("type"))
        .endsWith("idempotency-key-in-flight");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(log.count()).isEqualTo(before);
  }

  @Test
  void should_run_concurrent_repeats_once() throws Exception {
    String chatId = createdGroup("quinn", "rae");
    String key = newKey();
    String messages = "/v1/chats/" + chatId + "/messages";
    String body = "{\"client_msg_id\":\"race\",\"text\":\"once\"}";
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        RunningCommandApi instance = i % 2 == 0 ? api : other;
        calls.add(
            CompletableFuture.supplyAsync(
                () -> instance.call("POST", messages, "quinn", body, withKey(key)), pool));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        answers.add(call.get());
      }
      List<HttpResponse<String>> accepted =
          answers.stream().filter(r -> r.statusCode() == 202).toList();
      assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(202, 409));
      assertThat(accepted).isNotEmpty();
      assertThat(accepted.stream().map(HttpResponse::body).distinct()).hasSize(1);
      assertThat(
              accepted.stream()
                  .filter(r -> r.headers().firstValue("Idempotency-Replayed").isEmpty()))
          .hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(eventsOf(chatId))
        .extracting(e -> e.path("event_type").asText())
        .containsExactly("ChatCreated", "MessageSent");
  }

  @Test
  void should_free_the_key_when_the_command_failed_so_a_retry_runs_afresh() {
    String chatId = createdGroup("sam");
    String key = newKey();
    String messages = "/v1/chats/" + chatId + "/messages";
    String body = "{\"client_msg_id\":\"late\",\"text\":\"hi\"}";

    assertProblem(api.call("POST", messages, "tia", body, withKey(key)), 404);
    HttpResponse<String> added =
        api.call("POST", "/v1/chats/" + chatId + "/members", "sam", "{\"user_id\":\"tia\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> retried = api.call("POST", messages, "tia", body, withKey(key));
              assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
              assertThat(retried.headers().firstValue("Idempotency-Replayed")).isEmpty();
            });
    assertThat(eventsOf(chatId))
        .extracting(e -> e.path("event_type").asText())
        .containsExactly("ChatCreated", "MemberJoined", "MessageSent");
  }

  @Test
  void should_keep_the_answer_for_the_ttl_after_the_claim_expired() {
    String chatId = createdGroup("uma", "vic");
    String key = newKey();
    String path = "/v1/chats/" + chatId + "/members/vic";
    HttpResponse<String> first = other.call("DELETE", path, "uma", null, withKey(key));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);

    Row stored = keyRow("uma", key, "TTL(response) AS answer_ttl, TTL(claim_id) AS claim_ttl");
    assertThat(stored.getInt("answer_ttl")).isBetween(86_000, 86_400);
    assertThat(stored.getInt("claim_ttl")).isLessThanOrEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> keyRow("uma", key, "claim_id").getUuid("claim_id") == null);

    HttpResponse<String> retried = api.call("DELETE", path, "uma", null, withKey(key));
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(retried.body()).isEqualTo(first.body());
    assertThat(retried.headers().firstValue("Idempotency-Replayed")).hasValue("true");
    assertThat(eventsOf(chatId))
        .extracting(e -> e.path("event_type").asText())
        .containsExactly("ChatCreated", "MemberLeft");
  }

  @Test
  void should_answer_503_and_run_nothing_when_the_key_store_cannot_answer() {
    String withoutKeyTable = infra.newKeyspace();
    infra.provision(api.isolation().topicPrefix(), withoutKeyTable);
    infra.session().execute("DROP TABLE " + withoutKeyTable + ".idempotency_keys");
    ChatInfra.Isolation isolation =
        new ChatInfra.Isolation(
            api.isolation().topicPrefix(), withoutKeyTable, api.isolation().topics());
    String chatId = "gNoKeyTable" + UUID.randomUUID().toString().replace("-", "");
    SeededChats.chat(infra, isolation, chatId, "group", "wes");
    String messages = "/v1/chats/" + chatId + "/messages";
    try (RunningCommandApi unmigrated =
        RunningCommandApi.start(infra, isolation, Map.of("ratelimit.enabled", false))) {
      long before = log.count();
      HttpResponse<String> keyed =
          unmigrated.call(
              "POST",
              messages,
              "wes",
              "{\"client_msg_id\":\"k\",\"text\":\"hi\"}",
              withKey(newKey()));
      assertThat(assertProblem(keyed, 503).getString("detail")).contains("idempotency store");
      assertThat(keyed.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(log.count()).isEqualTo(before);

      // the pre-checks pass (the read model has the chat): only the key store was missing
      HttpResponse<String> unkeyed =
          unmigrated.call(
              "POST", messages, "wes", "{\"client_msg_id\":\"u\",\"text\":\"hi\"}", Map.of());
      assertThat(unkeyed.statusCode()).as(unkeyed.body()).isEqualTo(202);
      assertThat(log.count()).isEqualTo(before + 1);
    }
  }

  private static Row keyRow(String caller, String key, String columns) {
    Row row =
        infra
            .session()
            .execute(
                "SELECT "
                    + columns
                    + " FROM "
                    + keyspace
                    + ".idempotency_keys WHERE caller_id = '"
                    + caller
                    + "' AND idempotency_key = '"
                    + key
                    + "'")
            .one();
    assertThat(row).as("the key's row").isNotNull();
    return row;
  }

  private static Map<String, String> withKey(String key) {
    return Map.of("Idempotency-Key", key);
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }

  private static String group(String title, String... others) {
    return new JsonObject()
        .put("type", "group")
        .put("title", title)
        .put("members", new JsonArray(List.of((Object[]) others)))
        .encode();
  }

  /** A group created through the API (so the read model knows it), with members. */
  private static String createdGroup(String creator, String... others) {
    HttpResponse<String> created =
        api.call("POST", "/v1/chats", creator, group("created", others), Map.of());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("chat_id");
  }

  private static String send(String chatId, String sender, String clientMsgId) {
    HttpResponse<String> sent =
        api.call(
            "POST",
            "/v1/chats/" + chatId + "/messages",
            sender,
            new JsonObject().put("client_msg_id", clientMsgId).put("text", "hello").encode(),
            Map.of());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    return new JsonObject(sent.body()).getString("message_id");
  }

  /** Every event of {@code chat.events.v1} whose key is {@code chatId}, in order. */
  private static List<JsonNode> eventsOf(String chatId) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", infra.bootstrapServers(),
                "enable.auto.commit", "false",
                "isolation.level", "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<JsonNode> events = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (chatId.equals(record.key())) {
            events.add(JSON.readTree(record.value()));
          }
        }
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.chatcqrs.query.QueryApiVerticle;
import io.chatcqrs.query.live.EventId;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query side of large groups (chats in fan-out-on-read mode) against the shared Kafka and
 * Cassandra, with only the query API deployed: the read-model rows are written here directly, as
 * the projection's sink would, and group events are produced to {@code chat.group-events.v1} as the
 * per-chat stage would. Covers the merged room list (order, paging, total), chat details' member
 * paging, and SSE delivery of group events.
 */
@ChatInfraTest
class LargeGroupsIT {
  static final String SECRET = "large-groups-it-secret-0123456789abcdef";
  static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

  static ChatInfra infra;
  static ChatInfra.Isolation isolation;
  static Vertx vertx;
  static QueryApiVerticle query;
  static final TokenIssuer issuer = new TokenIssuer(SECRET);
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start(ChatInfra given) throws Exception {
    infra = given;
    isolation = infra.isolate();
    Map<String, Object> config = new HashMap<>(infra.serviceConfig(isolation));
    config.put("jwt.secret", SECRET);
    config.put("http.port", 0);
    config.put("ratelimit.enabled", false);
    vertx = Vertx.vertx();
    query = new QueryApiVerticle();
    vertx
        .deployVerticle(query, new DeploymentOptions().setConfig(new JsonObject(config)))
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void should_merge_large_groups_into_the_room_order_and_the_total_across_pages() {
    String user = "ula";
    List<Expected> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String chatId = String.format("s%02d", i);
      Instant at = T0.plusSeconds(i == 6 ? 50 : 10L * i);
      long unread = i % 4 + 1;
      smallRoom(user, chatId, at, unread, 0);
      expected.add(new Expected(chatId, at, unread));
    }
    for (int i = 0; i < 6; i++) {
      String chatId = "L" + i;
      Instant chatActivity = T0.plusSeconds(i == 1 ? 40 : 33L * i + 5);
      Instant joined = i == 2 ? T0.plusSeconds(1000) : T0.minus(Duration.ofDays(1));
      chat(chatId, "read", 100 + i, chatActivity, i == 4 ? null : "text of " + chatId, 5000);
      largeRoom(user, chatId, 100, joined);
      Instant activity = joined.isAfter(chatActivity) ? joined : chatActivity;
      expected.add(new Expected(chatId, activity, i));
    }
    // a switch in flight: the write-side row of L3 is still there, the large one wins
    smallRoom(user, "L3", T0.plusSeconds(5000), 50, 0);

    expected.sort(
        Comparator.comparing(Expected::activity).thenComparing(Expected::chatId).reversed());
    long total = expected.stream().mapToLong(Expected::unread).sum();

    List<JsonObject> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page =
          getJson("/v1/me/rooms?limit=4" + (cursor == null ? "" : "&cursor=" + cursor), user);
      assertThat(page.getLong("total_unread")).isEqualTo(total);
      page.getJsonArray("rooms").forEach(room -> walked.add((JsonObject) room));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 20);

    assertThat(walked.stream().map(r -> r.getString("chat_id")).toList())
        .containsExactlyElementsOf(expected.stream().map(Expected::chatId).toList());
    assertThat(pages).isEqualTo(7);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(walked.get(i).getLong("unread_count")).isEqualTo(expected.get(i).unread());
      assertThat(Instant.parse(walked.get(i).getString("last_activity_at")))
          .isEqualTo(expected.get(i).activity());
    }
    JsonObject l0 = byId(walked, "L0");
    assertThat(l0.getString("title")).isEqualTo("title of L0");
    assertThat(l0.getJsonObject("last_message").getString("text")).isEqualTo("text of L0");
    assertThat(l0.getJsonObject("last_message").getLong("seq")).isEqualTo(100);
    assertThat(byId(walked, "L4").getValue("last_message")).isNull();

    JsonObject all = getJson("/v1/users/" + user + "/rooms?limit=100", user);
    assertThat(all.getLong("total_unread")).isEqualTo(total);
    assertThat(all.getJsonArray("rooms").stream().map(r -> ((JsonObject) r).getString("chat_id")))
        .containsExactlyElementsOf(expected.stream().map(Expected::chatId).toList());
  }

  @Test
  void should_page_the_members_of_a_large_chat_and_keep_the_v1_shape_for_a_small_one() {
    int count = 2345;
    chat("crowd", "read", 9, T0, null, count);
    PreparedStatement member =
        session()
            .prepare(
                "INSERT INTO "
                    + isolation.keyspace()
                    + ".members_by_chat (chat_id, user_id, last_read_seq, joined_at)"
                    + " VALUES (?, ?, ?, ?)");
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      writes.add(
          session()
              .executeAsync(member.bind("crowd", String.format("m%04d", i), (long) i % 10, T0))
              .toCompletableFuture());
      if (writes.size() >= 200) {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        writes.clear();
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page =
          getJson("/v1/chats/crowd" + (cursor == null ? "" : "?members_cursor=" + cursor), "m0007");
      assertThat(page.getInteger("member_count")).isEqualTo(count);
      JsonArray members = page.getJsonArray("members");
      sizes.add(members.size());
      members.forEach(m -> seen.add(((JsonObject) m).getString("user_id")));
      cursor = page.getString("members_next_cursor");
    } while (cursor != null && sizes.size() < 10);
    assertThat(sizes).containsExactly(1000, 1000, 345);
    assertThat(seen).hasSize(count).doesNotHaveDuplicates().isSorted();

    JsonObject small = getJson("/v1/chats/crowd?members_limit=7", "m0007");
    assertThat(small.getJsonArray("members")).hasSize(7);
    String next = small.getString("members_next_cursor");
    assertThat(get("/v1/chats/crowd?members_cursor=" + next, "m0008").statusCode())
        .as("a cursor is bound to its caller")
        .isEqualTo(400);
    assertThat(get("/v1/chats/crowd?members_cursor=" + next + "x", "m0007").statusCode())
        .isEqualTo(400);
    assertThat(get("/v1/chats/crowd?members_limit=1001", "m0007").statusCode()).isEqualTo(400);
    assertThat(get("/v1/chats/crowd", "stranger").statusCode()).isEqualTo(404);

    chat("trio", "write", 2, T0, "hello", 3);
    for (String user : List.of("ada", "ben", "cid")) {
      session().execute(member.bind("trio", user, 1L, T0));
    }
    JsonObject trio = getJson("/v1/chats/trio", "ben");
    assertThat(
            trio.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("user_id")))
        .containsExactly("ada", "ben", "cid");
    assertThat(trio.getInteger("member_count")).isEqualTo(3);
    assertThat(trio.getValue("members_next_cursor")).isNull();
    assertThat(trio.getLong("last_seq")).isEqualTo(2);
  }

  @Test
  void should_deliver_group_events_to_connected_members_but_not_a_message_to_its_sender()
      throws Exception {
    chat("big", "read", 5, T0, "five", 100_000);
    largeRoom("ann", "big", 3, T0);
    largeRoom("bob", "big", 5, T0);
    largeRoom("cy", "big", 4, T0);
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              HttpResponse<String> ready = get("/health/ready", null);
              return ready.statusCode() == 200
                  && new JsonObject(ready.body())
                      .getJsonObject("checks")
                      .getJsonObject("group-feed")
                      .getString("status")
                      .equals("UP");
            });

    try (SseClient ann = connect("ann");
        SseClient bob = connect("bob");
        KafkaProducer<String, GroupEvent> producer = producer()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !ann.of("room").isEmpty() && !bob.of("room").isEmpty());
      JsonObject annRoom = new JsonObject(ann.of("room").get(0).data());
      assertThat(annRoom.getString("chat_id")).isEqualTo("big");
      assertThat(annRoom.getLong("unread_count")).isEqualTo(2);
      assertThat(new JsonObject(bob.of("room").get(0).data()).getLong("unread_count")).isZero();

      producer.send(record(message("big", 6, "cy"))).get(10, TimeUnit.SECONDS);
      producer.send(record(message("big", 7, "bob"))).get(10, TimeUnit.SECONDS);
      ObjectNode left = Json.mapper().createObjectNode().put("chat_id", "big").put("user_id", "cy");
      producer
          .send(
              record(
                  new GroupEvent(ChatId.of("big"), "member_left", left, 7, null, "e8", T0, null)))
          .get(10, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(30)).until(() -> ann.of("member_left").size() == 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> bob.of("member_left").size() == 1);
      assertThat(ann.of("message").stream().map(e -> new JsonObject(e.data())))
          .extracting(d -> d.getLong("seq"), d -> d.getLong("unread_count"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(6L, 3L),
              org.assertj.core.groups.Tuple.tuple(7L, 4L));
      assertThat(bob.of("message").stream().map(e -> new JsonObject(e.data())))
          .extracting(d -> d.getLong("seq"), d -> d.getLong("unread_count"))
          .containsExactly(org.assertj.core.groups.Tuple.tuple(6L, 1L));

      String metrics = get("/metrics", null).body();
      assertThat(metrics)
          .contains("chat_query_group_feed_ready 1.0")
          .contains("chat_query_sse_group_events_delivered_total 5.0");

      List<String> ids = ann.events.stream().map(SseClient.Event::id).toList();
      assertThat(ids).hasSize(4).doesNotContainNull();
      EventId base = EventId.parse(ids.get(0));
      assertThat(base).as("a resume from a group event's id resumes the user stream").isNotNull();
      for (int i = 0; i < ids.size(); i++) {
        assertThat(ids.get(i)).isEqualTo(base.withCounter(i + 1));
      }
    }
  }

  private record Expected(String chatId, Instant activity, long unread) {}

  private static JsonObject byId(List<JsonObject> rooms, String chatId) {
    return rooms.stream()
        .filter(r -> r.getString("chat_id").equals(chatId))
        .findFirst()
        .orElseThrow();
  }

  private static CqlSession session() {
    return infra.session();
  }

  private static void chat(
      String chatId, String fanout, long lastSeq, Instant activity, String text, int members) {
    session()
        .execute(
            "INSERT INTO "
                + isolation.keyspace()
                + ".chats (chat_id, type, title, created_by, created_at, last_seq, member_count,"
                + " last_activity_at, last_message_id, last_message_seq, last_sender_id,"
                + " last_text, last_sent_at, last_edited_at, last_deleted, fanout)"
                + " VALUES (?, 'group', ?, 'owner', ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)",
            chatId,
            "title of " + chatId,
            T0.minus(Duration.ofDays(2)),
            lastSeq,
            members,
            activity,
            text == null ? null : "msg-" + chatId,
            text == null ? null : lastSeq,
            text == null ? null : "owner",
            text,
            text == null ? null : activity,
            text == null ? null : false,
            fanout);
  }

  private static void largeRoom(String user, String chatId, long lastReadSeq, Instant joined) {
    session()
        .execute(
            "INSERT INTO "
                + isolation.keyspace()
                + ".large_rooms_by_user (user_id, chat_id, last_read_seq, joined_at)"
                + " VALUES (?, ?, ?, ?)",
            user,
            chatId,
            lastReadSeq,
            joined);
  }

  private static void smallRoom(
      String user, String chatId, Instant activity, long lastSeq, long lastReadSeq) {
    session()
        .execute(
            "INSERT INTO "
                + isolation.keyspace()
                + ".rooms_by_user (user_id, chat_id, type, title, last_seq, last_read_seq,"
                + " last_activity_at) VALUES (?, ?, 'direct', null, ?, ?, ?)",
            user,
            chatId,
            lastSeq,
            lastReadSeq,
            activity);
  }

  private static GroupEvent message(String chatId, long seq, String sender) {
    ObjectNode data =
        Json.mapper()
            .createObjectNode()
            .put("chat_id", chatId)
            .put("message_id", "m-" + seq)
            .put("seq", seq)
            .put("sender_id", sender)
            .put("text", "message " + seq);
    return new GroupEvent(
        ChatId.of(chatId), "message", data, seq, UserId.of(sender), "e" + seq, Instant.now(), null);
  }

  private static ProducerRecord<String, GroupEvent> record(GroupEvent event) {
    return new ProducerRecord<>(isolation.topics().groupEvents(), event.chatId().value(), event);
  }

  private static KafkaProducer<String, GroupEvent> producer() {
    return new KafkaProducer<>(
        Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infra.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new JsonSerde<>(GroupEvent.class).serializer());
  }

  private static SseClient connect(String user) throws Exception {
    HttpResponse<String> ticket =
        send(
            uri("/v1/me/events/tickets"), "POST", Map.of("Authorization", "Bearer " + token(user)));
    assertThat(ticket.statusCode()).isEqualTo(201);
    SseClient client =
        SseClient.withTicket(
            uri("/v1/me/events"), new JsonObject(ticket.body()).getString("ticket"), null);
    assertThat(client.status).isEqualTo(200);
    return client;
  }

  private static String token(String user) {
    return issuer.userToken(UserId.of(user), Duration.ofMinutes(30));
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + query.actualPort() + path);
  }

  private static JsonObject getJson(String path, String user) {
    HttpResponse<String> response = get(path, user);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  private static HttpResponse<String> get(String path, String user) {
    return send(
        uri(path),
        "GET",
        user == null ? Map.of() : Map.of("Authorization", "Bearer " + token(user)));
  }

  private static HttpResponse<String> send(URI uri, String method, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

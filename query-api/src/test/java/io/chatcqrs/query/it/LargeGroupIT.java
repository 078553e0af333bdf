package io.chatcqrs.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A group of 100,000 members through the real command API, projection and query API (issue 13):
 * created with 50 members (fan-out on write, below the default threshold of 100), grown in batches
 * of 1,000 ids ({@code POST /v1/chats/{id}/members {"user_ids": [...]}}, the first batch switches
 * it to fan-out on read), then one message. Then:
 *
 * <ul>
 *   <li>every one of the 100,000 members' room list, computed from the rows the query side reads
 *       (their {@code large_rooms_by_user} row and the chats row, merged with their {@code
 *       rooms_by_user} rows), has the group on top with the exact unread count and total; and the
 *       room list over HTTP ({@code GET /v1/me/rooms}, each member's own token) says the same for a
 *       sample of a few hundred members, among them every member with an irregular state. Checking
 *       all 100,000 over HTTP would take most of the run time on two cores for nothing more: the
 *       HTTP path is the same code for every member whose rows are the same;
 *   <li>markers move: some members mark the message read; their unread and total drop, nobody
 *       else's;
 *   <li>the message reaches, over SSE, each of 50 connected members with their own unread count
 *       (the sender through their user event);
 *   <li>a replay of chat.events.v1 from offset 0, copied to a new topic set and projected by a
 *       second projection (new application id) into an empty keyspace, rebuilds the same chats row,
 *       members and markers, large_rooms_by_user and rooms_by_user.
 * </ul>
 *
 * <p>The members have no other chat, except ten who share a small side group with one message, so
 * that "on top" and "total" are not trivial for them.
 */
@ExtendWith(ChatInfraExtension.class)
class LargeGroupIT {
  private static final int MEMBERS = 100_000;
  private static final int CREATED_WITH = 50;
  private static final int BATCH = 1_000;
  private static final int HTTP_SAMPLE = 300;
  private static final int HTTP_CONCURRENCY = 16;
  private static final int SSE_CONNECTED = 50;

  /** The owner, who creates the group and sends the first message. */
  private static final int OWNER = 0;

  /** The sender of the second message (its marker moves to 2). */
  private static final int SENDER = 1;

  /** The side group's members: {@value #SIDE_FIRST} (creator and sender) and the nine after. */
  private static final int SIDE_FIRST = 90_000;

  private static final int SIDE_SIZE = 10;

  @Test
  void a_group_of_100000_members_costs_one_write_per_message_and_every_member_sees_it(
      ChatInfra infra) throws Exception {
    long t0 = System.nanoTime();
    Map<String, Object> limits =
        Map.of("chat.max-group-members", MEMBERS, "chat.fanout-read-threshold", 100);
    try (ChatSystem system = ChatSystem.start(infra, Map.of(), limits, limits)) {
      CqlSession cql = infra.session();
      String ks = system.isolation.keyspace();

      String side =
          system
              .createGroup(user(SIDE_FIRST), "side", range(SIDE_FIRST + 1, SIDE_FIRST + SIDE_SIZE))
              .getString("chat_id");
      system.awaitVisible(side, user(SIDE_FIRST));
      system.send(side, user(SIDE_FIRST), "side-1", "side message");

      String group =
          system
              .createGroup(user(OWNER), "everyone", range(OWNER + 1, CREATED_WITH))
              .getString("chat_id");
      system.awaitVisible(group, user(OWNER));
      system.send(group, user(OWNER), "g-1", "before the crowd");

      for (int from = CREATED_WITH; from < MEMBERS; from += BATCH) {
        addBatch(system, cql, ks, group, from, Math.min(MEMBERS, from + BATCH));
      }
      await("all 100,000 joins projected")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> memberCount(cql, ks, group) == MEMBERS);
      long joined = System.nanoTime();
      System.out.printf(
          "LargeGroupIT: %d members joined after %d s%n", MEMBERS, seconds(t0, joined));

      // 50 members on SSE: the sender, 9 created with the group, 5 of the side group, 35 others
      List<Integer> connected = new ArrayList<>(List.of(SENDER));
      for (int i = 2; i <= 10; i++) {
        connected.add(i);
      }
      for (int i = 1; i <= 5; i++) {
        connected.add(SIDE_FIRST + i);
      }
      for (int k = 0; connected.size() < SSE_CONNECTED; k++) {
        connected.add(100 + 2_800 * k);
      }
      await("the connecting members' large_rooms_by_user rows (read when a stream opens)")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  connected.stream()
                      .allMatch(
                          i ->
                              cql.execute(
                                          "SELECT chat_id FROM "
                                              + ks
                                              + ".large_rooms_by_user WHERE user_id = ? AND"
                                              + " chat_id = ?",
                                          user(i),
                                          group)
                                      .one()
                                  != null));
      List<SseClient> streams = new ArrayList<>();
      try {
        for (int i : connected) {
          SseClient client =
              SseClient.withTicket(system.queryUri("/v1/me/events"), system.ticket(user(i)), null);
          assertThat(client.status).as("stream of " + user(i)).isEqualTo(200);
          streams.add(client);
        }
        await("each stream announced the large group (one room event per large group)")
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  for (int n = 0; n < streams.size(); n++) {
                    assertThat(chatIds(streams.get(n).of("room")))
                        .as("room events of " + user(connected.get(n)))
                        .contains(group);
                  }
                });

        String messageId =
            system.send(group, user(SENDER), "g-2", "hello 100,000").getString("message_id");
        Expectations before = new Expectations(group, side, Set.of());
        await("the message reached every connected member over SSE")
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  for (int n = 0; n < streams.size(); n++) {
                    int member = connected.get(n);
                    List<JsonObject> got =
                        streams.get(n).of("message").stream()
                            .map(e -> new JsonObject(e.data()))
                            .filter(d -> messageId.equals(d.getString("message_id")))
                            .toList();
                    assertThat(got).as("message events of " + user(member)).hasSize(1);
                    assertThat(got.get(0).getString("chat_id")).isEqualTo(group);
                    if (member != SENDER) {
                      assertThat(got.get(0).getLong("unread_count"))
                          .as("unread_count sent to " + user(member))
                          .isEqualTo(before.unread(member));
                    }
                  }
                });
      } finally {
        for (SseClient client : streams) {
          client.close();
        }
      }

      // some members read the message: 10 created with the group, one of the side group, 10 others
      Set<Integer> movers = new TreeSet<>();
      for (int i = 2; i <= 11; i++) {
        movers.add(i);
      }
      movers.add(SIDE_FIRST + 1);
      for (int k = 0; k < 10; k++) {
        movers.add(5_000 + 10_000 * k);
      }
      for (int i : movers) {
        system.markRead(group, user(i), 2);
      }
      Expectations expected = new Expectations(group, side, movers);

      await("every member's room list, from the rows the query side reads")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(everyMember(cql, ks, expected)).isEmpty());
      long checked = System.nanoTime();
      System.out.printf(
          "LargeGroupIT: every member checked in Cassandra after %d s%n", seconds(t0, checked));

      List<Integer> sample = httpSample(connected, movers);
      await("the room lists over HTTP of " + sample.size() + " members")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(overHttp(system, sample, expected)).isEmpty());
      System.out.printf(
          "LargeGroupIT: %d room lists over HTTP checked after %d s%n",
          sample.size(), seconds(t0, System.nanoTime()));

      // replay: copy chat.events.v1 into a new topic set, project it into an empty keyspace
      ChatInfra.Isolation replay = infra.isolate();
      long copied = copyEvents(infra, system.isolation, replay);
      Map<String, Object> config = new HashMap<>(infra.serviceConfig(replay));
      config.putAll(limits);
      config.put("projection.application.id", "qit-replay-" + replay.keyspace());
      config.put("projection.sink.group.id", "qit-replay-sink-" + replay.keyspace());
      config.put("projection.http.port", -1);
      config.put(
          "projection.streams.state.dir", Files.createTempDirectory("qit-replay").toString());
      system.deployProjection(config);
      Snapshot original = Snapshot.read(cql, ks, group);
      await("the replay of " + copied + " events rebuilt the same rows")
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(3))
          .untilAsserted(
              () -> {
                assertThat(memberCount(cql, replay.keyspace(), group)).isEqualTo(MEMBERS);
                Snapshot rebuilt = Snapshot.read(cql, replay.keyspace(), group);
                assertThat(rebuilt.differences(original)).isEmpty();
              });
      assertThat(original.members()).hasSize(MEMBERS);
      assertThat(original.largeRooms()).hasSize(MEMBERS);
      System.out.printf(
          "LargeGroupIT: replay of %d events matched after %d s (total %d s)%n",
          copied, seconds(checked, System.nanoTime()), seconds(t0, System.nanoTime()));
    }
  }

  /** What each member must see after the two messages and the given markers moved to 2. */
  private record Expectations(String group, String side, Set<Integer> movers) {
    /** The member's marker in the group. */
    long marker(int member) {
      if (movers.contains(member) || member == SENDER) {
        return 2;
      }
      if (member == OWNER || member >= CREATED_WITH) {
        return 1;
      }
      return 0;
    }

    long unread(int member) {
      return 2 - marker(member);
    }

    boolean inSide(int member) {
      return member >= SIDE_FIRST && member < SIDE_FIRST + SIDE_SIZE;
    }

    long sideUnread(int member) {
      return inSide(member) && member != SIDE_FIRST ? 1 : 0;
    }

    long total(int member) {
      return unread(member) + sideUnread(member);
    }
  }

  private static void addBatch(
      ChatSystem system, CqlSession cql, String ks, String group, int from, int to) {
    JsonObject body = new JsonObject().put("user_ids", new JsonArray(List.of(range(from, to))));
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response =
          system.send(
              system.commandUri("/v1/chats/" + group + "/members"),
              "POST",
              Map.of(
                  "Authorization",
                  "Bearer " + system.token(user(OWNER)),
                  "Content-Type",
                  "application/json"),
              body.encode());
      if (response.statusCode() == 202) {
        return;
      }
      // 503: appended but not visible in time (or not appended): the joins are idempotent, so wait
      // for the projection and send the batch again only if its members did not arrive
      assertThat(response.statusCode())
          .as("add members " + from + ".." + to + ": " + response.body())
          .isEqualTo(503);
      assertThat(attempt).as("attempts for members " + from + ".." + to).isLessThan(4);
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> memberCount(cql, ks, group) >= to);
        return;
      } catch (org.awaitility.core.ConditionTimeoutException notYet) {
        // send again
      }
    }
  }

  /**
   * Every member's room list as the query side computes it (large_rooms_by_user row + chats row,
   * merged with rooms_by_user), from bulk reads; the differences from {@code e}.
   */
  private static List<String> everyMember(CqlSession cql, String ks, Expectations e) {
    List<String> diffs = new ArrayList<>();
    Row chat =
        cql.execute(
                "SELECT last_seq, member_count, fanout, last_activity_at FROM "
                    + ks
                    + ".chats WHERE chat_id = ?",
                e.group())
            .one();
    if (chat == null) {
      return List.of("no chats row for " + e.group());
    }
    check(diffs, "last_seq", 2L, chat.getLong("last_seq"));
    check(diffs, "member_count", MEMBERS, chat.getInt("member_count"));
    check(diffs, "fanout", "read", chat.getString("fanout"));
    long lastSeq = chat.getLong("last_seq");
    Instant lastActivity = chat.getInstant("last_activity_at");

    Map<String, Long> markers = new HashMap<>();
    Map<String, Instant> joined = new HashMap<>();
    for (Row r :
        cql.execute(
            SimpleStatement.newInstance(
                    "SELECT user_id, last_read_seq, joined_at FROM "
                        + ks
                        + ".members_by_chat WHERE chat_id = ?",
                    e.group())
                .setPageSize(5000))) {
      markers.put(r.getString(0), r.getLong(1));
      joined.put(r.getString(0), r.getInstant(2));
    }
    Map<String, Row> large = new HashMap<>();
    int largeElsewhere = 0;
    for (Row r :
        cql.execute(
            SimpleStatement.newInstance(
                    "SELECT user_id, chat_id, last_read_seq, joined_at FROM "
                        + ks
                        + ".large_rooms_by_user")
                .setPageSize(5000))) {
      if (e.group().equals(r.getString(1))) {
        large.put(r.getString(0), r);
      } else {
        largeElsewhere++;
      }
    }
    check(diffs, "large rooms of other chats", 0, largeElsewhere);
    Map<String, List<Row>> small = new HashMap<>();
    for (Row r :
        cql.execute(
            SimpleStatement.newInstance(
                    "SELECT user_id, chat_id, last_seq, last_read_seq, last_activity_at FROM "
                        + ks
                        + ".rooms_by_user")
                .setPageSize(5000))) {
      small.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    int orderRowsOfGroup = 0;
    for (Row r :
        cql.execute(
            SimpleStatement.newInstance("SELECT chat_id FROM " + ks + ".room_order_by_user")
                .setPageSize(5000))) {
      if (e.group().equals(r.getString(0))) {
        orderRowsOfGroup++;
      }
    }
    check(
        diffs,
        "room_order_by_user entries of the group (moved at the switch)",
        0,
        orderRowsOfGroup);
    check(diffs, "members_by_chat rows", MEMBERS, markers.size());
    check(diffs, "large_rooms_by_user rows of the group", MEMBERS, large.size());

    int wrong = 0;
    for (int i = 0; i < MEMBERS; i++) {
      String u = user(i);
      List<String> mine = new ArrayList<>();
      Row big = large.get(u);
      if (big == null) {
        mine.add("no large room");
      } else {
        long unread = lastSeq - big.getLong("last_read_seq");
        if (unread != e.unread(i)) {
          mine.add("unread " + unread + " expected " + e.unread(i));
        }
        if (!Objects.equals(markers.get(u), e.marker(i))) {
          mine.add("members_by_chat marker " + markers.get(u) + " expected " + e.marker(i));
        }
        if (!Objects.equals(joined.get(u), big.getInstant("joined_at"))) {
          mine.add("joined_at " + big.getInstant("joined_at") + " vs members " + joined.get(u));
        }
        Instant joinedAt = big.getInstant("joined_at");
        Instant activity = joinedAt.isAfter(lastActivity) ? joinedAt : lastActivity;
        long total = unread;
        for (Row r : small.getOrDefault(u, List.of())) {
          if (e.group().equals(r.getString("chat_id"))) {
            mine.add("rooms_by_user row of the group (moved at the switch)");
            continue;
          }
          total += r.getLong("last_seq") - r.getLong("last_read_seq");
          Instant other = r.getInstant("last_activity_at");
          if (!activity.isAfter(other)) {
            mine.add("not on top: " + r.getString("chat_id") + " at " + other);
          }
        }
        if (total != e.total(i)) {
          mine.add("total " + total + " expected " + e.total(i));
        }
        int otherRooms = small.getOrDefault(u, List.of()).size();
        if (otherRooms != (e.inSide(i) ? 1 : 0)) {
          mine.add(otherRooms + " other rooms");
        }
      }
      if (!mine.isEmpty() && wrong++ < 10) {
        diffs.add(u + ": " + mine);
      }
    }
    if (wrong > 10) {
      diffs.add("... " + wrong + " members differ in all");
    }
    return diffs;
  }

  /** The members whose room list is read over HTTP: every irregular one and a random sample. */
  private static List<Integer> httpSample(List<Integer> connected, Set<Integer> movers) {
    Set<Integer> sample = new TreeSet<>(connected);
    sample.addAll(movers);
    for (int i = 0; i < CREATED_WITH; i++) {
      sample.add(i);
    }
    for (int i = 0; i < SIDE_SIZE; i++) {
      sample.add(SIDE_FIRST + i);
    }
    sample.add(CREATED_WITH);
    sample.add(MEMBERS - 1);
    Random random = new Random(13);
    while (sample.size() < HTTP_SAMPLE) {
      sample.add(random.nextInt(MEMBERS));
    }
    return List.copyOf(sample);
  }

  /**
   * {@code GET /v1/me/rooms} for each of {@code members} with their own token, at most {@value
   * #HTTP_CONCURRENCY} in flight on one keep-alive client; the differences from {@code e}.
   */
  private static List<String> overHttp(ChatSystem system, List<Integer> members, Expectations e)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Semaphore inFlight = new Semaphore(HTTP_CONCURRENCY);
    ConcurrentLinkedQueue<String> diffs = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int member : members) {
      inFlight.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(system.queryUri("/v1/me/rooms?limit=10"))
              .header("Authorization", "Bearer " + system.token(user(member)))
              .timeout(Duration.ofSeconds(20))
              .build();
      all.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
              .whenComplete(
                  (response, failure) -> {
                    inFlight.release();
                    String d =
                        failure != null
                            ? String.valueOf(failure)
                            : roomListDifference(member, response, e);
                    if (d != null) {
                      diffs.add(user(member) + ": " + d);
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .handle((ok, failure) -> null)
        .get(120, TimeUnit.SECONDS);
    List<String> out = new ArrayList<>(diffs);
    return out.size() > 10 ? out.subList(0, 10) : out;
  }

  private static String roomListDifference(
      int member, HttpResponse<String> response, Expectations e) {
    if (response.statusCode() != 200) {
      return response.statusCode() + " " + response.body();
    }
    JsonObject body = new JsonObject(response.body());
    JsonArray rooms = body.getJsonArray("rooms");
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < rooms.size(); i++) {
      JsonObject room = rooms.getJsonObject(i);
      actual.add(room.getString("chat_id") + "#" + room.getLong("unread_count"));
    }
    List<String> expected = new ArrayList<>();
    expected.add(e.group() + "#" + e.unread(member));
    if (e.inSide(member)) {
      expected.add(e.side() + "#" + e.sideUnread(member));
    }
    long total = body.getLong("total_unread", -1L);
    if (!expected.equals(actual) || total != e.total(member)) {
      return "rooms "
          + actual
          + " total "
          + total
          + ", expected "
          + expected
          + " total "
          + e.total(member);
    }
    if (rooms.getJsonObject(0).getJsonObject("last_message") == null
        || !"hello 100,000"
            .equals(rooms.getJsonObject(0).getJsonObject("last_message").getString("text"))) {
      return "last message of the group: " + rooms.getJsonObject(0);
    }
    return null;
  }

  /**
   * The rows a replay must rebuild: the group's chats row, its members with markers and joined_at,
   * every large_rooms_by_user row and every rooms_by_user row of the keyspace.
   */
  private record Snapshot(
      Map<String, Object> chat,
      Map<String, String> members,
      Map<String, String> largeRooms,
      Map<String, String> rooms) {
    static Snapshot read(CqlSession cql, String ks, String group) {
      Map<String, Object> chat = new LinkedHashMap<>();
      Row c =
          cql.execute(
                  "SELECT type, title, created_by, created_at, last_seq, member_count,"
                      + " last_activity_at, last_message_id, last_message_seq, last_sender_id,"
                      + " last_text, last_sent_at, fanout FROM "
                      + ks
                      + ".chats WHERE chat_id = ?",
                  group)
              .one();
      if (c != null) {
        for (int i = 0; i < c.getColumnDefinitions().size(); i++) {
          chat.put(c.getColumnDefinitions().get(i).getName().asInternal(), c.getObject(i));
        }
      }
      Map<String, String> members = new TreeMap<>();
      for (Row r :
          cql.execute(
              SimpleStatement.newInstance(
                      "SELECT user_id, last_read_seq, joined_at FROM "
                          + ks
                          + ".members_by_chat WHERE chat_id = ?",
                      group)
                  .setPageSize(5000))) {
        members.put(r.getString(0), r.getLong(1) + "@" + r.getInstant(2));
      }
      Map<String, String> large = new TreeMap<>();
      for (Row r :
          cql.execute(
              SimpleStatement.newInstance(
                      "SELECT user_id, chat_id, last_read_seq, joined_at FROM "
                          + ks
                          + ".large_rooms_by_user")
                  .setPageSize(5000))) {
        large.put(r.getString(0) + "/" + r.getString(1), r.getLong(2) + "@" + r.getInstant(3));
      }
      Map<String, String> rooms = new TreeMap<>();
      for (Row r :
          cql.execute(
              SimpleStatement.newInstance(
                      "SELECT user_id, chat_id, last_seq, last_read_seq, last_activity_at,"
                          + " last_message_id FROM "
                          + ks
                          + ".rooms_by_user")
                  .setPageSize(5000))) {
        rooms.put(
            r.getString(0) + "/" + r.getString(1),
            r.getLong(2) + " " + r.getLong(3) + " " + r.getInstant(4) + " " + r.getString(5));
      }
      return new Snapshot(chat, members, large, rooms);
    }

    /** What differs from {@code other}, a few entries per table. */
    List<String> differences(Snapshot other) {
      List<String> diffs = new ArrayList<>();
      if (!chat.equals(other.chat)) {
        diffs.add("chats row " + chat + " vs " + other.chat);
      }
      diff(diffs, "members_by_chat", members, other.members);
      diff(diffs, "large_rooms_by_user", largeRooms, other.largeRooms);
      diff(diffs, "rooms_by_user", rooms, other.rooms);
      return diffs;
    }

    private static void diff(
        List<String> diffs, String table, Map<String, String> mine, Map<String, String> theirs) {
      if (mine.equals(theirs)) {
        return;
      }
      Set<String> keys = new TreeSet<>(mine.keySet());
      keys.addAll(theirs.keySet());
      List<String> some = new ArrayList<>();
      for (String k : keys) {
        if (!Objects.equals(mine.get(k), theirs.get(k)) && some.size() < 5) {
          some.add(k + ": " + mine.get(k) + " vs " + theirs.get(k));
        }
      }
      diffs.add(table + " (" + mine.size() + " vs " + theirs.size() + " rows): " + some);
    }
  }

  /**
   * Copies every record of {@code from}'s chat.events.v1 into {@code to}'s with its key, value,
   * headers and timestamp, through the default partitioner (as docs/operations.md's re-partition
   * procedure does); returns how many.
   */
  private static long copyEvents(ChatInfra infra, ChatInfra.Isolation from, ChatInfra.Isolation to)
      throws Exception {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    long copied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      String topic = from.topics().chatEvents();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!reached(consumer, ends)) {
        assertThat(System.nanoTime()).as("copy of " + topic + " within 120 s").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          producer.send(
              new ProducerRecord<>(
                  to.topics().chatEvents(), null, r.timestamp(), r.key(), r.value(), r.headers()));
          copied++;
        }
      }
      producer.flush();
    }
    return copied;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static long memberCount(CqlSession cql, String ks, String group) {
    Row r = cql.execute("SELECT member_count FROM " + ks + ".chats WHERE chat_id = ?", group).one();
    return r == null || r.isNull(0) ? -1 : r.getInt(0);
  }

  private static List<String> chatIds(Collection<SseClient.Event> events) {
    return events.stream().map(e -> new JsonObject(e.data()).getString("chat_id")).toList();
  }

  private static void check(List<String> diffs, String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      diffs.add(what + ": expected " + expected + " but was " + actual);
    }
  }

  private static String user(int i) {
    return String.format("m%06d", i);
  }

  /** The user ids of members {@code from} (inclusive) to {@code to} (exclusive). */
  private static String[] range(int from, int to) {
    String[] out = new String[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = user(i);
    }
    return out;
  }

  private static long seconds(long from, long to) {
    return TimeUnit.NANOSECONDS.toSeconds(to - from);
  }
}

package io.chatcqrs.command;

import static io.chatcqrs.command.support.EventLog.assertChatEvent;
import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.RunningProjection;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.platform.position.Position;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adding many members at once, against a real Kafka and Cassandra with the real projection making
 * chats and joins visible: the 1,000-ids-per-request bound, a batch's joins in order on the chat's
 * partition and visible at the 202, the member-adds rate limit counted in ids, and the group-size
 * limit. Two command APIs share the topics and keyspace: {@code api} with the default member-adds
 * budget, {@code small} with a group limit of 6 members and 8 ids per user.
 */
@ChatInfraTest
class LargeGroupCommandsIT {
  static final int SMALL_GROUP_LIMIT = 6;
  static final int SMALL_ID_BUDGET = 8;

  /**
   * The batch the real projection must make visible within the answer's bound (4 s) on a loaded
   * test machine; MemberBatchIT shows the 1,000-id batch with the projection's position played by
   * the test.
   */
  static final int BATCH = 20;

  static RunningProjection projection;
  static RunningCommandApi api;
  static RunningCommandApi small;
  static EventLog log;

  @BeforeAll
  static void start(ChatInfra infra) {
    ChatInfra.Isolation isolation = infra.isolate();
    projection = RunningProjection.start(infra, isolation, Map.of("chat.max-group-members", 5000));
    api =
        RunningCommandApi.start(
            infra,
            isolation,
            Map.of(
                "chat.max-group-members", 5000,
                "precheck.cache-ms", 50,
                "precheck.found-cache-ms", 50));
    small =
        RunningCommandApi.start(
            infra,
            isolation,
            Map.of(
                "chat.max-group-members",
                SMALL_GROUP_LIMIT,
                "ratelimit.member-adds.capacity",
                SMALL_ID_BUDGET,
                "ratelimit.member-adds.refill-tokens",
                SMALL_ID_BUDGET,
                "ratelimit.member-adds.refill-period-ms",
                600_000,
                "precheck.cache-ms",
                50,
                "precheck.found-cache-ms",
                50));
    log = new EventLog(infra.bootstrapServers(), isolation.topics().chatEvents());
    // the projection's tasks may still be starting: wait until it makes a create visible in time
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> api.call("POST", "/v1/chats", "warmup", group()).statusCode() == 201);
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {small, api, projection}) {
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
  void should_refuse_more_than_1000_ids_per_request_with_400_and_append_nothing() {
    String chat = createGroup(api, "olga");
    long before = log.count();

    JsonObject add =
        assertProblem(api.call("POST", members(chat), "olga", userIds(ids("x", 1001))), 400);
    JsonObject create =
        assertProblem(
            api.call(
                "POST",
                "/v1/chats",
                "olga",
                new JsonObject()
                    .put("type", "group")
                    .put("members", new JsonArray(List.<Object>copyOf(ids("y", 1001))))
                    .encode()),
            400);
    HttpResponse<String> marker =
        api.call("POST", members(chat), "olga", "{\"user_id\":\"marker\"}");

    assertThat(add.getString("detail")).contains("1000", "user_ids");
    assertThat(create.getString("detail")).contains("1000", "members");
    assertThat(marker.statusCode()).as(marker.body()).isEqualTo(202);
    assertThat(new JsonObject(marker.body()).fieldNames()).containsExactly("position");
    assertThat(log.count()).as("records appended besides the marker").isEqualTo(before + 1);
  }

  @Test
  void should_append_a_batch_in_order_and_answer_once_the_projection_made_it_visible() {
    String chat = createGroup(api, "pavel");
    List<String> joiners = ids("m", BATCH);

    Map<String, String> key = Map.of("Idempotency-Key", "batch-pavel");
    // a 503 (appended, not visible within the bound on a loaded machine) is retried as a client
    // would, with the same key: the retry appends the batch again, the repeated joins are
    // duplicates the projection ignores, and the 202 describes the attempt that succeeded
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              answer.set(api.call("POST", members(chat), "pavel", userIds(joiners), key));
              assertThat(answer.get().statusCode()).isIn(202, 503);
              return answer.get().statusCode() == 202;
            });
    HttpResponse<String> added = answer.get();
    JsonObject body = new JsonObject(added.body());
    assertThat(body.getInteger("added")).isEqualTo(BATCH);
    Position last = Position.decode(body.getString("position"));
    List<ConsumerRecord<String, byte[]>> records =
        log.range(last.partition(), last.offset() - BATCH + 1, last.offset());
    assertThat(records).hasSize(BATCH);
    for (int i = 0; i < BATCH; i++) {
      JsonNode event = assertChatEvent(records.get(i), "MemberJoined", chat);
      assertThat(records.get(i).offset()).isEqualTo(last.offset() - BATCH + 1 + i);
      assertThat(event.path("user_id").asText()).isEqualTo(joiners.get(i));
      assertThat(event.path("actor_id").asText()).isEqualTo("pavel");
    }
    // visible at the 202: the last joiner's first command is accepted
    HttpResponse<String> sent =
        api.call(
            "POST",
            "/v1/chats/" + chat + "/messages",
            joiners.get(BATCH - 1),
            "{\"client_msg_id\":\"first\",\"text\":\"hi\"}");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
  }

  @Test
  void should_drop_repeated_ids_and_replay_a_batch_under_the_same_idempotency_key() {
    String chat = createGroup(api, "quentin");
    Map<String, String> key = Map.of("Idempotency-Key", "batch-quentin-1");

    HttpResponse<String> first =
        api.call("POST", members(chat), "quentin", userIds(List.of("a1", "b1", "a1")), key);
    long after = log.count();
    HttpResponse<String> replayed =
        api.call("POST", members(chat), "quentin", userIds(List.of("a1", "b1", "a1")), key);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    JsonObject body = new JsonObject(first.body());
    assertThat(body.getInteger("added")).isEqualTo(2);
    Position last = Position.decode(body.getString("position"));
    List<ConsumerRecord<String, byte[]>> records =
        log.range(last.partition(), last.offset() - 1, last.offset());
    assertThat(records)
        .extracting(r -> assertChatEvent(r, "MemberJoined", chat).path("user_id").asText())
        .containsExactly("a1", "b1");
    assertThat(replayed.statusCode()).isEqualTo(202);
    assertThat(replayed.body()).isEqualTo(first.body());
    assertThat(replayed.headers().firstValue("Idempotency-Replayed")).hasValue("true");
    assertThat(log.count()).isEqualTo(after);
  }

  @Test
  void should_count_member_adds_in_ids_and_answer_429_with_the_rate_limit_headers() {
    // budget 8 ids: 3 added, a group created with 3 others, 2 added = 8; the next id is refused
    String first = createGroup(small, "rosa");
    HttpResponse<String> three =
        small.call("POST", members(first), "rosa", userIds(List.of("r1", "r2", "r3")));
    assertThat(three.statusCode()).as(three.body()).isEqualTo(202);
    assertThat(three.headers().firstValue("RateLimit-Limit")).hasValue("8");
    assertThat(three.headers().firstValue("RateLimit-Remaining")).hasValue("5");
    String second = createGroup(small, "rosa", "s1", "s2", "s3");
    HttpResponse<String> two =
        small.call("POST", members(first), "rosa", userIds(List.of("r4", "r5")));
    assertThat(two.statusCode()).as(two.body()).isEqualTo(202);
    assertThat(two.headers().firstValue("RateLimit-Remaining")).hasValue("0");
    long before = log.count();

    HttpResponse<String> limited =
        small.call("POST", members(second), "rosa", "{\"user_id\":\"s4\"}");

    assertProblem(limited, 429);
    assertThat(limited.headers().firstValue("RateLimit-Limit")).hasValue("8");
    assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
    assertThat(Long.parseLong(limited.headers().firstValue("RateLimit-Reset").orElseThrow()))
        .isBetween(1L, 600L);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 600L);
    assertThat(log.count()).as("nothing appended").isEqualTo(before);
    HttpResponse<String> otherUser =
        small.call("POST", members(second), "s1", "{\"user_id\":\"s4\"}");
    assertThat(otherUser.statusCode()).as("another user's budget").isEqualTo(202);
  }

  @Test
  void should_refuse_a_batch_past_the_group_limit_with_409_and_append_nothing() {
    // limit 6: a group of 4 takes 2 more, not 3
    String chat = createGroup(small, "sven", "t1", "t2", "t3");
    long before = log.count();

    HttpResponse<String> tooMany =
        small.call("POST", members(chat), "sven", userIds(List.of("t4", "t5", "t6")));
    long afterRefusal = log.count();
    HttpResponse<String> fits =
        small.call("POST", members(chat), "sven", userIds(List.of("t4", "t5")));

    JsonObject problem = assertProblem(tooMany, 409);
    assertThat(problem.getString("type")).isEqualTo("urn:io.chatcqrs:problem:group-full");
    assertThat(problem.getString("detail")).contains("4 members", "adding 3", "limit of 6");
    assertThat(afterRefusal).as("nothing appended").isEqualTo(before);
    assertThat(fits.statusCode()).as(fits.body()).isEqualTo(202);
    assertThat(new JsonObject(fits.body()).getInteger("added")).isEqualTo(2);
    // the single add (v1) counts too; asked by another member, whose id budget is untouched
    assertProblem(small.call("POST", members(chat), "t1", "{\"user_id\":\"t6\"}"), 409);
  }

  @Test
  void should_accept_re_adding_members_of_a_full_group_since_they_take_no_room() {
    // limit 6: a group created with 6 members is full
    String chat = createGroup(small, "uma", "ua1", "ua2", "ua3", "ua4", "ua5");
    long before = log.count();

    HttpResponse<String> single = small.call("POST", members(chat), "uma", "{\"user_id\":\"ua1\"}");
    HttpResponse<String> batch =
        small.call("POST", members(chat), "ua1", userIds(List.of("ua2", "uma", "ua5")));

    assertThat(single.statusCode()).as(single.body()).isEqualTo(202);
    assertThat(new JsonObject(single.body()).fieldNames()).containsExactly("position");
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
    assertThat(new JsonObject(batch.body()).getInteger("added")).isEqualTo(3);
    // a join is still appended per listed id (the projection takes them as duplicates)
    assertThat(log.count()).isEqualTo(before + 4);
    // the group is still full: a new member does not fit, and the re-adds did not count
    JsonObject full =
        assertProblem(small.call("POST", members(chat), "ua2", "{\"user_id\":\"ua6\"}"), 409);
    assertThat(full.getString("type")).isEqualTo("urn:io.chatcqrs:problem:group-full");
    assertThat(full.getString("detail")).contains("6 members", "adding 1", "limit of 6");
    assertThat(log.count()).as("nothing appended by the refusal").isEqualTo(before + 4);
  }

  @Test
  void should_count_only_the_listed_ids_that_are_not_members_against_the_group_limit() {
    // limit 6: a group of 4 plus a list of 2 members and 2 new ids (a retried batch whose first
    // half was appended) fits, since only the 2 new ones take room
    String chat = createGroup(small, "vera", "va1", "va2", "va3");

    HttpResponse<String> fits =
        small.call("POST", members(chat), "va1", userIds(List.of("va2", "va3", "va4", "va5")));

    assertThat(fits.statusCode()).as(fits.body()).isEqualTo(202);
    JsonObject body = new JsonObject(fits.body());
    assertThat(body.getInteger("added")).isEqualTo(4);
    Position last = Position.decode(body.getString("position"));
    assertThat(log.range(last.partition(), last.offset() - 3, last.offset()))
        .extracting(r -> assertChatEvent(r, "MemberJoined", chat).path("user_id").asText())
        .containsExactly("va2", "va3", "va4", "va5");

    // now full (6): members plus one new id do not fit, and nothing of the list is appended
    long before = log.count();
    HttpResponse<String> tooMany =
        small.call("POST", members(chat), "va2", userIds(List.of("va1", "va4", "va6", "vera")));

    JsonObject problem = assertProblem(tooMany, 409);
    assertThat(problem.getString("type")).isEqualTo("urn:io.chatcqrs:problem:group-full");
    assertThat(problem.getString("detail"))
        .contains("6 members", "adding 1", "besides 3 already members", "limit of 6");
    assertThat(log.count()).as("nothing appended").isEqualTo(before);
    // the same list without the new id is all members: accepted
    HttpResponse<String> members =
        small.call("POST", members(chat), "va3", userIds(List.of("va1", "va4", "vera")));
    assertThat(members.statusCode()).as(members.body()).isEqualTo(202);
  }

  private static String createGroup(RunningCommandApi on, String creator, String... others) {
    HttpResponse<String> created = on.call("POST", "/v1/chats", creator, group(others));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("chat_id");
  }

  private static String group(String... others) {
    return new JsonObject()
        .put("type", "group")
        .put("title", "large")
        .put("members", new JsonArray(List.of((Object[]) others)))
        .encode();
  }

  private static String members(String chat) {
    return "/v1/chats/" + chat + "/members";
  }

  private static String userIds(List<String> ids) {
    return new JsonObject().put("user_ids", new JsonArray(List.<Object>copyOf(ids))).encode();
  }

  private static List<String> ids(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + String.format("%04d", i)).toList();
  }
}

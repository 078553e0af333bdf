package io.chatcqrs.command;

import static io.chatcqrs.command.support.EventLog.assertChatEvent;
import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcqrs.command.readmodel.Visibility;
import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.SeededChats;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.platform.position.Position;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 1,000-id batch against a real Kafka and Cassandra, with the read model seeded and no projection
 * running: the test itself advances the {@code projection_positions} row the answer waits for, so
 * it can show that the 202 waits for the LAST join (not the first, nor any before the last) and
 * that the joins lie on the chat's partition in the listed order. (The real projection making such
 * a batch visible is the projection's part; {@link LargeGroupCommandsIT} runs it with smaller
 * batches.)
 */
@ChatInfraTest
class MemberBatchIT {
  static final String CHAT = "gbatch";

  static ChatInfra infra;
  static ChatInfra.Isolation isolation;
  static RunningCommandApi api;
  static EventLog log;

  @BeforeAll
  static void start(ChatInfra chatInfra) {
    infra = chatInfra;
    isolation = infra.isolate();
    api =
        RunningCommandApi.start(
            infra,
            isolation,
            Map.of("chat.max-group-members", 1001, "precheck.visible-wait-ms", 4000));
    log = new EventLog(infra.bootstrapServers(), isolation.topics().chatEvents());
    SeededChats.chat(infra, isolation, CHAT, "group", "ulla");
    infra
        .session()
        .execute(
            "UPDATE " + isolation.keyspace() + ".chats SET member_count = 1 WHERE chat_id = ?",
            CHAT);
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void should_append_1000_joins_in_order_and_answer_202_only_once_the_last_is_applied()
      throws Exception {
    List<String> joiners =
        IntStream.range(0, 1000).mapToObj(i -> String.format("j%04d", i)).toList();
    String body =
        new JsonObject().put("user_ids", new JsonArray(List.<Object>copyOf(joiners))).encode();
    long before = log.count();
    Map<Integer, Long> offsets = log.endOffsets();

    CompletableFuture<HttpResponse<String>> answer =
        CompletableFuture.supplyAsync(
            () -> api.call("POST", "/v1/chats/" + CHAT + "/members", "ulla", body));
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> log.count() == before + 1000);
    List<ConsumerRecord<String, byte[]>> joins = lastJoins(offsets);
    long last = joins.get(999).offset();
    int partition = joins.get(999).partition();
    applied(partition, last - 1);
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !answer.isDone());
    applied(partition, last);
    HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonObject answered = new JsonObject(response.body());
    assertThat(answered.getInteger("added")).isEqualTo(1000);
    assertThat(Position.decode(answered.getString("position")))
        .isEqualTo(new Position(partition, last));
    for (int i = 0; i < 1000; i++) {
      ConsumerRecord<String, byte[]> record = joins.get(i);
      JsonNode event = assertChatEvent(record, "MemberJoined", CHAT);
      assertThat(record.partition()).isEqualTo(partition);
      assertThat(record.offset()).isEqualTo(last - 999 + i);
      assertThat(event.path("user_id").asText()).isEqualTo(joiners.get(i));
    }
    assertThat(log.count()).isEqualTo(before + 1000);
  }

  @Test
  void should_refuse_1001_ids_with_400_and_append_nothing() {
    List<Object> ids = IntStream.range(0, 1001).mapToObj(i -> (Object) ("k" + i)).toList();
    long before = log.count();

    JsonObject problem =
        assertProblem(
            api.call(
                "POST",
                "/v1/chats/" + CHAT + "/members",
                "ulla",
                new JsonObject().put("user_ids", new JsonArray(ids)).encode()),
            400);

    // the OpenAPI validator's detail: "... Array has too many items ( + 1001 > 1000) at #/user_ids"
    assertThat(problem.getString("detail")).contains("1001", "1000", "user_ids");
    assertThat(log.count()).isEqualTo(before);
  }

  @Test
  void should_look_up_1000_listed_ids_and_count_only_the_new_ones_against_the_limit() {
    // a full group (1001 members, the limit): 999 of the 1000 listed ids are members
    String chat = "gfull";
    List<String> others =
        IntStream.range(0, 1000).mapToObj(i -> String.format("f%04d", i)).toList();
    SeededChats.chat(
        infra,
        isolation,
        chat,
        "group",
        Stream.concat(Stream.of("ulla"), others.stream()).toArray(String[]::new));
    infra
        .session()
        .execute(
            "UPDATE " + isolation.keyspace() + ".chats SET member_count = 1001 WHERE chat_id = ?",
            chat);
    List<Object> listed = new ArrayList<>(others.subList(0, 999));
    listed.add("fnew");
    long before = log.count();

    JsonObject problem =
        assertProblem(
            api.call(
                "POST",
                "/v1/chats/" + chat + "/members",
                "ulla",
                new JsonObject().put("user_ids", new JsonArray(listed)).encode()),
            409);

    assertThat(problem.getString("type")).isEqualTo("urn:io.chatcqrs:problem:group-full");
    assertThat(problem.getString("detail"))
        .contains("1001 members", "adding 1 ", "besides 999 already members", "limit of 1001");
    assertThat(log.count()).as("nothing appended").isEqualTo(before);
  }

  /** The 1000 records appended since {@code before} (end offsets by partition), in order. */
  private static List<ConsumerRecord<String, byte[]>> lastJoins(Map<Integer, Long> before) {
    Map<Integer, Long> after = log.endOffsets();
    List<Integer> grown =
        after.keySet().stream().filter(p -> !after.get(p).equals(before.get(p))).toList();
    assertThat(grown).as("one partition: the chat's").hasSize(1);
    int partition = grown.get(0);
    assertThat(after.get(partition) - before.get(partition)).isEqualTo(1000);
    List<ConsumerRecord<String, byte[]>> records =
        log.range(partition, before.get(partition), after.get(partition) - 1);
    assertThat(records).hasSize(1000);
    return records;
  }

  /** Plays the projection: the chat-events position row of {@code partition} reaches {@code at}. */
  private static void applied(int partition, long at) {
    infra
        .session()
        .execute(
            "UPDATE "
                + isolation.keyspace()
                + ".projection_positions SET applied_offset = ? WHERE projection = ? AND"
                + " event_partition = ?",
            at,
            Visibility.PROJECTION,
            partition);
  }
}

package io.chatcqrs.bench;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.events.topics.ChatTopics;
import io.cloudevents.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Scenario 4, query latency: room-list pages for users with 10, 1,000 and 10,000 rooms, and history
 * pages, at a fixed request rate. The users' rooms are seeded by appending ChatCreated and
 * MessageSent events straight to chat.events.v1 (seeding is not what is measured), then the bench
 * waits until the projections show them.
 */
final class QueryScenario {
  private final Vertx vertx;
  private final WebClient client;
  private final Target target;
  private final ChatTopics topics;
  private final Settle settle;

  QueryScenario(Vertx vertx, WebClient client, Target target, ChatTopics topics, Settle settle) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.topics = topics;
    this.settle = settle;
  }

  /** Seeds the users, then measures every room count and the history page at every rate. */
  List<LoadResult> run(int[] roomCounts, int[] rates, Duration duration) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<Integer, String> usersBySize = new HashMap<>();
    String historyUser = "q" + run + "h";
    ChatId historyChat = ChatId.of("q" + run + "hist");
    try (KafkaProducer<String, CloudEvent> producer =
        new KafkaProducer<>(target.cloudEventProducerConfig(20))) {
      Instant t = Instant.now().minusSeconds(3600);
      for (int size : roomCounts) {
        String user = "q" + run + "n" + size;
        usersBySize.put(size, user);
        for (int i = 0; i < size; i++) {
          t = t.plusMillis(1);
          producer.send(record(created(ChatId.of("q" + run + "n" + size + "c" + i), user, t)));
        }
      }
      producer.send(record(created(historyChat, historyUser, t)));
      for (int i = 0; i < 1000; i++) {
        t = t.plusMillis(1);
        producer.send(record(message(historyChat, historyUser, "h" + i, t)));
      }
      producer.flush();
    }
    System.out.println("  seeded; waiting for the projections");
    for (int size : roomCounts) {
      String user = usersBySize.get(size);
      awaitTrue(
          "rooms of " + user, () -> topRoomIs(user, "q" + run + "n" + size + "c" + (size - 1)));
    }
    awaitTrue("history", () -> topSeqIs(historyUser, historyChat.value(), 1000));
    settle.await("the query measurements");

    List<LoadResult> results = new ArrayList<>();
    OpenLoop open = new OpenLoop(vertx);
    String historyToken = target.token(historyUser);
    for (int rate : rates) {
      for (int size : roomCounts) {
        String token = target.token(usersBySize.get(size));
        results.add(
            open.run(
                "room list, " + size + " rooms",
                rate,
                duration,
                i ->
                    ok(
                        client
                            .getAbs(target.queryUrl() + "/v1/me/rooms?limit=20")
                            .bearerTokenAuthentication(token)
                            .send())));
      }
      results.add(
          open.run(
              "history page, 1000 messages",
              rate,
              duration,
              i ->
                  ok(
                      client
                          .getAbs(
                              target.queryUrl() + "/v1/chats/" + historyChat + "/messages?limit=50")
                          .bearerTokenAuthentication(historyToken)
                          .send())));
    }
    return results;
  }

  private Future<Object> ok(
      Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> response) {
    return response.compose(
        r ->
            r.statusCode() == 200
                ? Future.succeededFuture()
                : Future.failedFuture("status " + r.statusCode()));
  }

  private boolean topRoomIs(String user, String chatId) {
    JsonObject page =
        client
            .getAbs(target.queryUrl() + "/v1/me/rooms?limit=1")
            .bearerTokenAuthentication(target.token(user))
            .send()
            .await()
            .bodyAsJsonObject();
    var rooms = page == null ? null : page.getJsonArray("rooms");
    return rooms != null
        && !rooms.isEmpty()
        && chatId.equals(rooms.getJsonObject(0).getString("chat_id"));
  }

  private boolean topSeqIs(String user, String chatId, long seq) {
    JsonObject page =
        client
            .getAbs(target.queryUrl() + "/v1/chats/" + chatId + "/messages?limit=1")
            .bearerTokenAuthentication(target.token(user))
            .send()
            .await()
            .bodyAsJsonObject();
    var messages = page == null ? null : page.getJsonArray("messages");
    return messages != null
        && !messages.isEmpty()
        && messages.getJsonObject(0).getLong("seq") == seq;
  }

  private void awaitTrue(String what, java.util.function.BooleanSupplier condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("projections did not show " + what + " within 5 minutes");
      }
      Thread.sleep(500);
    }
  }

  private org.apache.kafka.clients.producer.ProducerRecord<String, CloudEvent> record(
      ChatEvent event) {
    return ChatCloudEvents.record(topics.chatEvents(), event);
  }

  private static ChatCreated created(ChatId chat, String user, Instant at) {
    return BenchEvents.groupCreated(chat, List.of(UserId.of(user)), at);
  }

  private static MessageSent message(ChatId chat, String user, String clientMsgId, Instant at) {
    return BenchEvents.messageSent(chat, UserId.of(user), ClientMsgId.of(clientMsgId), at);
  }
}

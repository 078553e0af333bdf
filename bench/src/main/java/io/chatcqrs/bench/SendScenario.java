package io.chatcqrs.bench;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Scenario 1, the send path: accepted sends per second and latency at rising concurrency, side by
 * side with its two ceilings measured in the same run on the same machine: a bare Kafka producer
 * with the command side's producer settings and record size, and a bare Vert.x endpoint that
 * answers 202 to the same HTTP request.
 */
public final class SendScenario {
  static final String TEXT = "x".repeat(100);

  private final Vertx vertx;
  private final WebClient client;
  private final Target target;
  private final ClosedLoop loop;
  private final Users users;
  private final Settle settle;

  SendScenario(
      Vertx vertx, WebClient client, Target target, ClosedLoop loop, Users users, Settle settle) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.loop = loop;
    this.users = users;
    this.settle = settle;
  }

  /** Runs the three paths at every concurrency level, returning all results. */
  List<LoadResult> run(int[] concurrencies) throws Exception {
    List<LoadResult> results = new ArrayList<>();
    HttpServer bare = bareHttpServer();
    String bareUrl = "http://127.0.0.1:" + bare.actualPort();
    try (KafkaProducer<String, byte[]> producer = bareProducer()) {
      String topic = bareTopic();
      byte[] record = sampleRecord();
      String run = UUID.randomUUID().toString().substring(0, 8);
      for (int c : concurrencies) {
        // each path starts from a quiet system: not while the previous path's sends are projected
        settle.await("command-api send, c=" + c);
        results.add(loop.run("command-api send", c, i -> send(target.commandUrl(), run, i)));
        settle.await("bare Vert.x 202, c=" + c);
        results.add(loop.run("bare Vert.x 202", c, i -> send(bareUrl, run, i)));
        settle.await("bare Kafka producer, c=" + c);
        results.add(loop.run("bare Kafka producer", c, i -> produce(producer, topic, i, record)));
      }
    } finally {
      bare.close().await();
    }
    return results;
  }

  /** One send through the public API; succeeds on 202 only. */
  Future<String> send(String baseUrl, String run, int i) {
    int pair = i % users.pairs();
    return send(baseUrl, 2 * pair + (i / users.pairs()) % 2, pair, run, i);
  }

  /** User {@code sender} sends message {@code i} of run {@code run} to pair {@code pair}'s chat. */
  Future<String> sendAs(int sender, int pair, String run, int i) {
    return send(target.commandUrl(), sender, pair, run, i);
  }

  private Future<String> send(String baseUrl, int sender, int pair, String run, int i) {
    return client
        .postAbs(baseUrl + "/v1/chats/" + users.chat(pair) + "/messages")
        .bearerTokenAuthentication(users.token(sender))
        .sendJsonObject(new JsonObject().put("client_msg_id", run + "-" + i).put("text", TEXT))
        .compose(
            response ->
                response.statusCode() == 202
                    ? Future.succeededFuture(response.bodyAsJsonObject().getString("message_id"))
                    : Future.failedFuture("status " + response.statusCode()));
  }

  private Future<Void> produce(
      KafkaProducer<String, byte[]> producer, String topic, int i, byte[] value) {
    Promise<Void> promise = Promise.promise();
    producer.send(
        new ProducerRecord<>(topic, users.chat(i % users.pairs()), value),
        (metadata, error) -> {
          if (error == null) {
            promise.complete();
          } else {
            promise.fail(error);
          }
        });
    return promise.future();
  }

  private HttpServer bareHttpServer() {
    String answer = new JsonObject().put("message_id", "m0").put("position", "AAAA").encode();
    return vertx
        .createHttpServer()
        .requestHandler(
            request ->
                request
                    .body()
                    .onComplete(
                        body ->
                            request
                                .response()
                                .setStatusCode(202)
                                .putHeader("content-type", "application/json")
                                .end(answer)))
        .listen(0, "127.0.0.1")
        .await();
  }

  /** The same producer settings as the command side (see command-api's producer factory). */
  private KafkaProducer<String, byte[]> bareProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafka());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private String bareTopic() throws Exception {
    String topic = "bench.bare-producer.v1";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", target.kafka()))) {
      admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    return topic;
  }

  /** A record value of the same size as a MessageSent event the command side appends. */
  private static byte[] sampleRecord() {
    UserId sender = UserId.of("bench-a");
    ChatId chat = ChatId.of("d" + "x".repeat(26));
    MessageSent event = BenchEvents.messageSent(chat, sender, ClientMsgId.of("c1"), Instant.now());
    return ChatCloudEvents.toCloudEvent(event).getData().toBytes();
  }
}

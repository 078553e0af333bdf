package io.chatcqrs.bench;

import io.chatcqrs.events.topics.ChatTopics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * Scenario "group size": what one message costs in groups of 2 to 100,000 members, side by side.
 * For each size, through the public API: a group is created (up to 1,000 members) and filled with
 * batched adds ({@code {"user_ids": [...]}}, 1,000 per request, spread over several adders so no
 * single user's add budget is what is measured); the bench waits until the last member's room list
 * shows the chat and no consumer group lags. Then:
 *
 * <ol>
 *   <li>idle: the services' CPU over a few quiet seconds (their idle burn, subtracted below);
 *   <li>cost: {@code messages} sends by the creator, until the last member sees the last one and
 *       nothing lags; over that phase, the bytes and records written to every topic ({@link
 *       KafkaTraffic}), the projection's CQL writes per table ({@code
 *       chat_projection_cql_writes_total{table}} on its {@code /metrics}) and the services' CPU;
 *   <li>latency: {@code samples} sends one at a time, each timed from its 202 until the last-added
 *       member's room list shows it on top (polled every 10 ms).
 * </ol>
 */
final class GroupSizeScenario {
  static final String CQL_WRITES = "chat_projection_cql_writes_total";
  private static final int MAX_IDS_PER_REQUEST = 1000;
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

  /** The scenario's knobs. */
  record Settings(
      int[] sizes,
      int messages,
      int samples,
      int idleSeconds,
      String projectionUrl,
      String servicesMetricsUrl,
      Integer servicesPid,
      String applicationId,
      Duration setupTimeout) {}

  private final io.vertx.core.Vertx vertx;
  private final WebClient client;
  private final Target target;
  private final ChatTopics topics;
  private final Settle settle;
  private final Settings settings;
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  GroupSizeScenario(
      io.vertx.core.Vertx vertx,
      WebClient client,
      Target target,
      ChatTopics topics,
      Settle settle,
      Settings settings) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.topics = topics;
    this.settle = settle;
    this.settings = settings;
  }

  /** Every size in turn, smallest first. */
  List<GroupSizeResult> run() throws Exception {
    cqlWrites(); // fails before any setup when the projection does not expose the metric
    cpuSeconds();
    List<GroupSizeResult> results = new ArrayList<>();
    try (KafkaTraffic kafka =
        new KafkaTraffic(
            target.kafka(),
            List.of(
                topics.chatEvents(),
                topics.chatSequenced(),
                topics.userEvents(),
                topics.roomUpdates(),
                topics.groupEvents()),
            settings.applicationId())) {
      if (!kafka.existing().contains(topics.groupEvents())) {
        System.out.println("  " + topics.groupEvents() + " does not exist: it counts 0 bytes");
      }
      for (int size : java.util.Arrays.stream(settings.sizes()).sorted().toArray()) {
        results.add(measure(size, kafka));
      }
    }
    return results;
  }

  private GroupSizeResult measure(int size, KafkaTraffic kafka) throws Exception {
    if (size < 2) {
      throw new IllegalArgumentException("a group has at least 2 members, got " + size);
    }
    String prefix = "g" + run + "s" + size + "m";
    System.out.printf("==> group of %,d members: setup%n", size);
    long t = System.nanoTime();
    String chat = setUp(prefix, size);
    String creator = target.token(prefix + 0);
    String last = target.token(prefix + (size - 1));
    awaitTrue(
        "the last member's room list shows the " + size + "-member group",
        settings.setupTimeout(),
        () -> chat.equals(topRoom(last).getString("chat_id")));
    settle.await("measuring the " + size + "-member group");
    System.out.printf("  set up in %.1f s%n", (System.nanoTime() - t) / 1e9);

    double idleRate = idleCpuRate();
    Map<org.apache.kafka.common.TopicPartition, Long> offsets = kafka.mark();
    Map<String, Double> writesBefore = cqlWrites();
    double cpuBefore = cpuSeconds();
    long phaseStart = System.nanoTime();
    String tag = UUID.randomUUID().toString().substring(0, 6);
    Concurrency.forEach(settings.messages() - 1, 4, i -> send(creator, chat, tag + "-c" + i));
    // sent after every other one was acknowledged: the chat's newest message when it shows, the
    // cost phase lasts until it reached the last member and nothing lags
    String lastMessage = send(creator, chat, tag + "-c-last").await();
    awaitTrue(
        "the last member sees the cost phase's last message",
        Duration.ofMinutes(5),
        () -> lastMessage.equals(lastMessageId(topRoom(last))));
    settle.await("the end of the " + size + "-member cost phase", Duration.ofMillis(200));
    double phaseSeconds = (System.nanoTime() - phaseStart) / 1e9;
    double cpuAfter = cpuSeconds();
    Map<String, Double> writes = delta(writesBefore, cqlWrites());
    TopicTraffic traffic = kafka.since(offsets);
    double cpu =
        ProcessCpu.millisPerMessage(
            cpuBefore, cpuAfter, phaseSeconds, idleRate, settings.messages());
    System.out.printf(
        "  cost: %,.0f bytes/message, %.2f CQL writes/message, %.2f ms CPU/message (%.1f s)%n",
        (double) traffic.sum(x -> true).bytes() / settings.messages(),
        writes.values().stream().mapToDouble(Double::doubleValue).sum() / settings.messages(),
        cpu,
        phaseSeconds);

    Histogram latency = new Histogram(3);
    long notVisible = 0;
    for (int i = 0; i < settings.samples(); i++) {
      String id = send(creator, chat, tag + "-l" + i).await();
      long sent = System.nanoTime();
      long deadline = sent + VISIBLE_WITHIN.toNanos();
      boolean seen = false;
      while (!seen && System.nanoTime() < deadline) {
        seen = id.equals(lastMessageId(topRoom(last)));
        if (!seen) {
          Thread.sleep(10);
        }
      }
      if (seen) {
        latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
      } else {
        notVisible++;
      }
    }
    GroupSizeResult result =
        new GroupSizeResult(size, settings.messages(), traffic, writes, cpu, latency, notVisible);
    System.out.printf(
        "  latency to the last member: p50 %.1f ms, p99 %.1f ms, %d not visible within %s%n",
        result.latencyMillis(50), result.latencyMillis(99), notVisible, VISIBLE_WITHIN);
    settle.await("the next group size");
    return result;
  }

  /**
   * Creates the group with its first members (at most 1,000 ids per request) and adds the others in
   * batches of 1,000, four requests in flight, each batch by a different existing member.
   */
  private String setUp(String prefix, int size) throws Exception {
    int first = Math.min(size - 1, MAX_IDS_PER_REQUEST);
    JsonArray members = new JsonArray();
    for (int i = 1; i <= first; i++) {
      members.add(prefix + i);
    }
    JsonObject created =
        ok(
                "create a group of " + (first + 1),
                client
                    .postAbs(target.commandUrl() + "/v1/chats")
                    .bearerTokenAuthentication(target.token(prefix + 0))
                    .sendJsonObject(
                        new JsonObject()
                            .put("type", "group")
                            .put("title", "bench " + size)
                            .put("members", members)))
            .await();
    String chat = created.getString("chat_id");
    int rest = size - 1 - first;
    int batches = (rest + MAX_IDS_PER_REQUEST - 1) / MAX_IDS_PER_REQUEST;
    int adders = Math.min(first, 50);
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    Concurrency.forEach(
        batches,
        4,
        b -> {
          JsonArray ids = new JsonArray();
          int from = first + 1 + b * MAX_IDS_PER_REQUEST;
          for (int i = from; i < Math.min(size, from + MAX_IDS_PER_REQUEST); i++) {
            ids.add(prefix + i);
          }
          String adder = target.token(prefix + (1 + b % adders));
          return addBatch(chat, adder, ids, 0)
              .onSuccess(
                  v ->
                      System.out.printf(
                          "\r  added %,d of %,d members   ",
                          first + 1 + (long) done.incrementAndGet() * MAX_IDS_PER_REQUEST, size));
        });
    if (batches > 0) {
      System.out.println();
    }
    return chat;
  }

  /** One batched add; a 429 or 503 is retried after its Retry-After (adding twice is harmless). */
  private Future<Void> addBatch(String chat, String token, JsonArray ids, int attempt) {
    return client
        .postAbs(target.commandUrl() + "/v1/chats/" + chat + "/members")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("user_ids", ids))
        .compose(
            response -> {
              int status = response.statusCode();
              if (status / 100 == 2) {
                return Future.succeededFuture();
              }
              if ((status == 429 || status == 503) && attempt < 20) {
                long seconds = retryAfter(response.getHeader("retry-after"));
                return vertx
                    .timer(seconds * 1000)
                    .compose(x -> addBatch(chat, token, ids, attempt + 1));
              }
              if (status == 400 && response.bodyAsString().contains("user_id")) {
                return Future.failedFuture(
                    "the command-api refused a batched add {\"user_ids\": [...]} with 400 ("
                        + response.bodyAsString()
                        + "): it does not support batched adds (issue 13), so groups above "
                        + (MAX_IDS_PER_REQUEST + 1)
                        + " members cannot be set up; run with --group-sizes up to 1000");
              }
              return Future.failedFuture("add members: " + status + " " + response.bodyAsString());
            });
  }

  static long retryAfter(String header) {
    try {
      return header == null ? 1 : Math.max(1, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private Future<String> send(String token, String chat, String clientMsgId) {
    return ok(
            "send",
            client
                .postAbs(target.commandUrl() + "/v1/chats/" + chat + "/messages")
                .bearerTokenAuthentication(token)
                .sendJsonObject(
                    new JsonObject()
                        .put("client_msg_id", clientMsgId)
                        .put("text", SendScenario.TEXT)))
        .map(body -> body.getString("message_id"));
  }

  private static Future<JsonObject> ok(String what, Future<HttpResponse<Buffer>> response) {
    return response.compose(
        r ->
            r.statusCode() / 100 == 2
                ? Future.succeededFuture(r.bodyAsJsonObject())
                : Future.failedFuture(what + ": " + r.statusCode() + " " + r.bodyAsString()));
  }

  /** The user's first room (an empty object when none). */
  private JsonObject topRoom(String token) {
    HttpResponse<Buffer> response =
        client
            .getAbs(target.queryUrl() + "/v1/me/rooms?limit=1")
            .bearerTokenAuthentication(token)
            .send()
            .await();
    JsonObject page = response.statusCode() == 200 ? response.bodyAsJsonObject() : null;
    JsonArray rooms = page == null ? null : page.getJsonArray("rooms");
    return rooms == null || rooms.isEmpty() ? new JsonObject() : rooms.getJsonObject(0);
  }

  /** The room's last message id, null when it has none. */
  private static String lastMessageId(JsonObject room) {
    Object message = room.getValue("last_message");
    return message instanceof JsonObject m ? m.getString("message_id") : null;
  }

  private Map<String, Double> cqlWrites() {
    String url = settings.projectionUrl() + "/metrics";
    Map<String, Double> writes = PrometheusText.sumBy(metrics(url), CQL_WRITES, "table");
    if (writes.isEmpty()) {
      throw new IllegalStateException(
          url
              + " exposes no "
              + CQL_WRITES
              + "{table=...}: the projection predates issue 13's per-table write counter, so"
              + " Cassandra writes per message cannot be measured (pass --projection-url if the"
              + " projection serves elsewhere)");
    }
    return writes;
  }

  private double cpuSeconds() throws Exception {
    if (settings.servicesPid() != null) {
      return ProcessCpu.secondsFromProcStat(
          java.nio.file.Files.readString(
              java.nio.file.Path.of("/proc", settings.servicesPid().toString(), "stat")));
    }
    String url = settings.servicesMetricsUrl() + "/metrics";
    return ProcessCpu.secondsFromMetrics(metrics(url), url);
  }

  /** CPU seconds per second of the services while nothing is sent. */
  private double idleCpuRate() throws Exception {
    double before = cpuSeconds();
    long start = System.nanoTime();
    // a fixed quiet interval is what is measured here, not a condition waited for
    Thread.sleep(settings.idleSeconds() * 1000L);
    return (cpuSeconds() - before) / ((System.nanoTime() - start) / 1e9);
  }

  private String metrics(String url) {
    HttpResponse<Buffer> response = client.getAbs(url).send().await();
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode());
    }
    return response.bodyAsString();
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new java.util.TreeMap<>();
    after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0.0)));
    return delta;
  }

  private static void awaitTrue(
      String what, Duration within, java.util.concurrent.Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + within + ": " + what);
      }
      Thread.sleep(200);
    }
  }
}

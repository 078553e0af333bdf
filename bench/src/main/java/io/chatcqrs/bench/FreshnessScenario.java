package io.chatcqrs.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Recorder;

/**
 * Scenario 2, freshness: at fixed fractions of the maximum sustained send rate, the time from a
 * send being accepted to (a) the message arriving on the other member's SSE stream and (b) the
 * message showing at the top of the other member's room list (sampled, polled every 10 ms).
 */
final class FreshnessScenario {
  private final Vertx vertx;
  private final WebClient client;
  private final HttpClient http;
  private final Target target;
  private final Users users;
  private final SendScenario sender;
  private final Settle settle;
  private final java.util.concurrent.atomic.AtomicInteger probes =
      new java.util.concurrent.atomic.AtomicInteger();

  FreshnessScenario(
      Vertx vertx,
      WebClient client,
      HttpClient http,
      Target target,
      Users users,
      SendScenario sender,
      Settle settle) {
    this.vertx = vertx;
    this.client = client;
    this.http = http;
    this.target = target;
    this.users = users;
    this.sender = sender;
    this.settle = settle;
  }

  List<LoadResult> run(double maxRate, double[] fractions, Duration duration, int receivers)
      throws Exception {
    return run(maxRate, fractions, duration, receivers, () -> {});
  }

  /** As above; {@code whenConnected} runs once every receiver's stream is open. */
  List<LoadResult> run(
      double maxRate, double[] fractions, Duration duration, int receivers, Runnable whenConnected)
      throws Exception {
    int active = Math.min(receivers, users.pairs());
    Map<String, Long> accepted = new ConcurrentHashMap<>();
    Map<String, Long> delivered = new ConcurrentHashMap<>();
    Recorder[] sse = {new Recorder(3)};
    List<HttpClientResponse> streams = new ArrayList<>();
    // both members of every active pair listen; each records only what the other one sent
    for (int batch = 0; batch < 2 * active; batch += 200) {
      List<io.vertx.core.Future<HttpClientResponse>> opening = new ArrayList<>();
      for (int u = batch; u < Math.min(2 * active, batch + 200); u++) {
        String me = users.user(u);
        opening.add(
            SseClient.open(
                http,
                target.queryUrl(),
                users.token(u),
                (event, data) -> {
                  if ("message".equals(event) && !me.equals(data.getString("sender_id"))) {
                    onDelivered(data.getString("message_id"), accepted, delivered, sse[0]);
                  }
                }));
      }
      io.vertx.core.Future.all(opening).await();
      opening.forEach(f -> streams.add(f.result()));
    }
    whenConnected.run();
    List<LoadResult> results = new ArrayList<>();
    OpenLoop open = new OpenLoop(vertx);
    try {
      for (double fraction : fractions) {
        // a negative fraction is an absolute rate: -100 means 100 sends/s
        int rate = fraction > 0 ? Math.max(1, (int) (maxRate * fraction)) : (int) -fraction;
        Recorder roomList = new Recorder(3);
        String run = UUID.randomUUID().toString().substring(0, 8);
        sse[0].getIntervalHistogram();
        String label =
            fraction > 0
                ? String.format(java.util.Locale.ROOT, "%.0f%% of max", fraction * 100)
                : rate + "/s";
        awaitCaughtUp(run);
        LoadResult sends =
            open.run(
                "sends at " + label,
                rate,
                duration,
                i -> {
                  int pair = i % active;
                  int from = 2 * pair + (i / active) % 2;
                  int to = from ^ 1;
                  return sender
                      .sendAs(from, pair, run, i)
                      .onSuccess(
                          id -> {
                            long now = System.nanoTime();
                            Long early = delivered.remove(id);
                            if (early != null) {
                              sse[0].recordValue(1);
                            } else {
                              accepted.put(id, now);
                            }
                            if (i % 10 == 0) {
                              awaitTopOfRoomList(to, id, now, roomList);
                            }
                          });
                });
        // late deliveries count: wait until the projections applied this level's last message
        awaitCaughtUp(run);
        vertx.timer(1000).await();
        results.add(sends);
        results.add(histogram("SSE delivery, " + label, rate, sse[0], sends.seconds()));
        results.add(histogram("room list, " + label, rate, roomList, sends.seconds()));
        accepted.clear();
        delivered.clear();
      }
    } finally {
      streams.forEach(stream -> stream.request().connection().close());
    }
    return results;
  }

  /**
   * Waits until the projections have applied everything sent so far (a probe message shows on top
   * of its receiver's room list, and no consumer group lags), so that a level does not measure the
   * previous one's backlog or the setup's.
   */
  private void awaitCaughtUp(String run) throws Exception {
    long start = System.nanoTime();
    // every probe needs its own client_msg_id: a repeated one is (rightly) dropped as a duplicate
    String probe = sender.sendAs(0, 0, run + "-probe", probes.incrementAndGet()).await();
    long deadline = start + Duration.ofMinutes(10).toNanos();
    while (!showsOnTop(
        client
            .getAbs(target.queryUrl() + "/v1/me/rooms?limit=1")
            .bearerTokenAuthentication(users.token(1))
            .send()
            .await()
            .bodyAsJsonObject(),
        probe)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the projections did not catch up within 10 minutes");
      }
      Thread.sleep(200);
    }
    settle.await("the next level");
    System.out.printf("  projections caught up in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static void onDelivered(
      String id, Map<String, Long> accepted, Map<String, Long> delivered, Recorder recorder) {
    Long sentAt = accepted.remove(id);
    long now = System.nanoTime();
    if (sentAt == null) {
      delivered.put(id, now);
    } else {
      recorder.recordValue(Math.max(1, (now - sentAt) / 1000));
    }
  }

  private void awaitTopOfRoomList(int user, String messageId, long since, Recorder recorder) {
    poll(user, messageId, since, recorder, System.nanoTime() + Duration.ofSeconds(10).toNanos());
  }

  private void poll(int user, String messageId, long since, Recorder recorder, long deadline) {
    client
        .getAbs(target.queryUrl() + "/v1/me/rooms?limit=1")
        .bearerTokenAuthentication(users.token(user))
        .send()
        .onComplete(
            result -> {
              long now = System.nanoTime();
              if (result.succeeded() && showsOnTop(result.result().bodyAsJsonObject(), messageId)) {
                recorder.recordValue(Math.max(1, (now - since) / 1000));
              } else if (now < deadline) {
                vertx.setTimer(10, t -> poll(user, messageId, since, recorder, deadline));
              }
            });
  }

  private static boolean showsOnTop(JsonObject page, String messageId) {
    if (page == null
        || page.getJsonArray("rooms") == null
        || page.getJsonArray("rooms").isEmpty()) {
      return false;
    }
    JsonObject last = page.getJsonArray("rooms").getJsonObject(0).getJsonObject("last_message");
    return last != null && messageId.equals(last.getString("message_id"));
  }

  private static LoadResult histogram(String label, int rate, Recorder recorder, double seconds) {
    var histogram = recorder.getIntervalHistogram();
    return new LoadResult(label, rate, histogram.getTotalCount(), 0, seconds, histogram);
  }
}

package io.chatcqrs.bench;

import io.chatcqrs.events.topics.ChatTopics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load generator. Drives the public HTTP and SSE API of a running system (the local stack by
 * default) and writes a report per run under {@code bench/results/}.
 *
 * <pre>
 * java ... io.chatcqrs.bench.BenchMain [--scenario=all|send|projection|freshness|query|sse|group-size] [--flag=value...]
 * </pre>
 *
 * Flags: {@code --stack} (default .local/stack.json), {@code --command-url}, {@code --query-url},
 * {@code --jwt-secret}, {@code --kafka}, {@code --pairs} (user pairs, default 2000), {@code
 * --concurrency} (default 1,8,32,128), {@code --seconds} (per measurement, default 15), {@code
 * --warmup} (default 5), {@code --freshness-rates} (absolute send rates instead of 25/50/75 % of
 * the max), {@code --query-rate} (request rates, default 200,1000), {@code --rooms} (default
 * 10,1000,10000), {@code --sse-connections} (default 10000), {@code --max-rate} (skip the send
 * scenario's measurement of it), {@code --projection-chats} (default 200), {@code
 * --projection-messages} (default 20000), {@code --topics-prefix} and {@code --keyspace} (of the
 * stack, default none and chat), {@code --out} (default bench/results), {@code --settle-seconds}
 * (how long to wait at most for the projections to catch up before each measurement, default 300).
 *
 * <p>{@code group-size} (not part of {@code all}: it sets up groups of up to 100,000 members):
 * {@code --group-sizes} (default 2,10,100,1000,10000,100000), {@code --group-messages} (cost-phase
 * sends per size, default 200), {@code --group-latency-samples} (default 50), {@code
 * --group-idle-seconds} (idle CPU baseline, default 3), {@code --group-setup-seconds} (bound on a
 * group's setup, default 1800), {@code --projection-url} (its {@code /metrics}; default the stack
 * file's {@code projection_url} or http://127.0.0.1:8083), {@code --services-metrics-url} (whose
 * process CPU counts, default the projection's: under {@code ./chat up} the one JVM of all
 * services), {@code --services-pid} (read that process's /proc/PID/stat instead), {@code
 * --application-id} (the projection's Streams application id, default chat-projection).
 */
public final class BenchMain {
  private static final Set<String> SCENARIOS =
      Set.of("all", "send", "freshness", "projection", "query", "sse", "group-size");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = parse(args);
    Set<String> chosen = Set.of(flags.getOrDefault("scenario", "all").split(","));
    if (!SCENARIOS.containsAll(chosen)) {
      throw new IllegalArgumentException("--scenario must be a comma list of " + SCENARIOS);
    }
    // group-size sets up groups of up to 100,000 members: it runs only when named
    java.util.function.Predicate<String> runs =
        s -> chosen.contains(s) || (chosen.contains("all") && !s.equals("group-size"));
    Target target = Target.from(flags);
    ChatTopics topics = ChatTopics.withPrefix(flags.getOrDefault("topics-prefix", ""));
    int pairs = Integer.parseInt(flags.getOrDefault("pairs", "2000"));
    int seconds = Integer.parseInt(flags.getOrDefault("seconds", "15"));
    int[] concurrency = ints(flags.getOrDefault("concurrency", "1,8,32,128"));
    Path dir =
        Path.of(
            flags.getOrDefault("out", "bench/results"),
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Report report = new Report(dir, "./chat bench " + String.join(" ", args));
    List<LoadResult> all = new ArrayList<>();

    Vertx vertx = Vertx.vertx();
    Settle settle =
        new Settle(
            target.kafka(),
            Duration.ofSeconds(Integer.parseInt(flags.getOrDefault("settle-seconds", "300"))));
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(512));
    HttpClient sse =
        vertx.createHttpClient(
            new HttpClientOptions().setIdleTimeout(0).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(20_000));
    try {
      ClosedLoop loop =
          new ClosedLoop(
              vertx,
              Duration.ofSeconds(Integer.parseInt(flags.getOrDefault("warmup", "5"))),
              Duration.ofSeconds(seconds));
      if (runs.test("group-size")) {
        System.out.println("==> scenario 7: group size");
        settle.await("the group-size scenario");
        GroupSizeScenario.Settings groupSettings = groupSizeSettings(flags);
        List<GroupSizeResult> results =
            new GroupSizeScenario(vertx, client, target, topics, settle, groupSettings).run();
        GroupSizeReport groups = new GroupSizeReport(results, groupSettings.applicationId());
        report.note(
            "## 7. Group size (cost per message and freshness vs members)\n\n" + groups.markdown());
        report.file("group-size.svg", groups.svg(topics));
        if (chosen.equals(Set.of("group-size"))) {
          System.out.println("==> results in " + report.write(all));
          return;
        }
      }
      int sseConnections =
          runs.test("sse") ? Integer.parseInt(flags.getOrDefault("sse-connections", "10000")) : 0;
      int ssePairs = sseConnections / 2;
      System.out.println(
          "==> creating " + Math.max(pairs, ssePairs) + " user pairs and their direct chats");
      Users users =
          Users.create(
              target,
              client,
              Long.toString(System.currentTimeMillis(), 36),
              Math.max(pairs, ssePairs),
              64);
      SendScenario send = new SendScenario(vertx, client, target, loop, users, settle);

      double maxRate = Double.parseDouble(flags.getOrDefault("max-rate", "0"));
      if (runs.test("send")) {
        System.out.println("==> scenario 1: send path");
        List<LoadResult> results = send.run(concurrency);
        all.addAll(results);
        maxRate = bestThroughput(results, "command-api send");
        report.section("1. Send path", results, sendNotes(results));
      }
      if (runs.test("projection")) {
        System.out.println("==> scenario 3: projection throughput");
        settle.await("the projection scenario");
        double[] rates =
            new ProjectionScenario(target, topics, flags.getOrDefault("keyspace", "chat"), settle)
                .run(
                    Integer.parseInt(flags.getOrDefault("projection-chats", "200")),
                    Integer.parseInt(flags.getOrDefault("projection-messages", "20000")));
        report.note(
            String.format(
                java.util.Locale.ROOT,
                "## 3. Projection throughput%n%n| path | messages/s |%n|---|---:|%n"
                    + "| projection (all read models) | %.0f |%n| bare driver, same rows | %.0f |%n%n"
                    + "Ratio projection / bare driver = **%.2f** (target >= 0.5).",
                rates[0],
                rates[1],
                rates[0] / rates[1]));
        if (maxRate > rates[0]) {
          System.out.printf(
              "  the projection applies %.0f messages/s: the max *sustained* send rate is that,"
                  + " not the %.0f/s the command side accepts%n",
              rates[0], maxRate);
          maxRate = rates[0];
        }
      }
      if (runs.test("freshness")) {
        if (maxRate <= 0) {
          throw new IllegalArgumentException(
              "freshness needs the max sustained rate: run send first or pass --max-rate");
        }
        System.out.println(
            "==> scenario 2: freshness at 25/50/75 % of " + Math.round(maxRate) + " sends/s");
        List<LoadResult> results =
            new FreshnessScenario(vertx, client, sse, target, users, send, settle)
                .run(
                    maxRate,
                    freshnessLevels(flags.get("freshness-rates")),
                    Duration.ofSeconds(seconds),
                    pairs);
        all.addAll(results);
        report.section(
            "2. Freshness (send accepted -> other member sees it)",
            results,
            "Max sustained send rate: "
                + Math.round(maxRate)
                + "/s (the lower of the best accepted send rate and the projection's apply"
                + " rate, when both were measured).");
      }
      if (runs.test("query")) {
        System.out.println("==> scenario 4: query latency");
        List<LoadResult> results =
            new QueryScenario(vertx, client, target, topics, settle)
                .run(
                    ints(flags.getOrDefault("rooms", "10,1000,10000")),
                    ints(flags.getOrDefault("query-rate", "200,1000")),
                    Duration.ofSeconds(seconds));
        all.addAll(results);
        report.section("4. Query latency (fixed rate, latency from the due time)", results, "");
      }
      if (runs.test("sse")) {
        System.out.println("==> scenario 5: " + sseConnections + " SSE connections");
        settle.await("the SSE scenario");
        long heapBefore = Heap.usedBytes(client, target);
        List<LoadResult> results =
            new FreshnessScenario(vertx, client, sse, target, users, send, settle)
                .run(
                    100,
                    new double[] {1.0},
                    Duration.ofSeconds(seconds),
                    ssePairs,
                    () ->
                        report.note(
                            "Heap of the query-api JVM with all connections open: "
                                + Heap.describe(heapBefore, Heap.usedBytes(client, target))));
        all.addAll(results);
        report.section("5. SSE: " + sseConnections + " concurrent connections", results, "");
      }
      System.out.println("==> results in " + report.write(all));
    } finally {
      settle.close();
      vertx.close().await();
    }
  }

  /** The group-size scenario's flags (see the class comment). */
  static GroupSizeScenario.Settings groupSizeSettings(Map<String, String> flags)
      throws java.io.IOException {
    Path stackFile = Path.of(flags.getOrDefault("stack", ".local/stack.json"));
    io.vertx.core.json.JsonObject stack =
        java.nio.file.Files.exists(stackFile)
            ? new io.vertx.core.json.JsonObject(java.nio.file.Files.readString(stackFile))
            : new io.vertx.core.json.JsonObject();
    String projectionUrl =
        flags.getOrDefault(
            "projection-url", stack.getString("projection_url", "http://127.0.0.1:8083"));
    int messages = Integer.parseInt(flags.getOrDefault("group-messages", "200"));
    if (messages < 1) {
      throw new IllegalArgumentException("--group-messages must be at least 1");
    }
    return new GroupSizeScenario.Settings(
        ints(flags.getOrDefault("group-sizes", "2,10,100,1000,10000,100000")),
        messages,
        Integer.parseInt(flags.getOrDefault("group-latency-samples", "50")),
        Integer.parseInt(flags.getOrDefault("group-idle-seconds", "3")),
        projectionUrl,
        flags.getOrDefault("services-metrics-url", projectionUrl),
        flags.containsKey("services-pid") ? Integer.valueOf(flags.get("services-pid")) : null,
        flags.getOrDefault("application-id", "chat-projection"),
        Duration.ofSeconds(Integer.parseInt(flags.getOrDefault("group-setup-seconds", "1800"))));
  }

  private static double bestThroughput(List<LoadResult> results, String label) {
    return results.stream()
        .filter(r -> r.label().equals(label) && r.failed() == 0)
        .mapToDouble(LoadResult::throughput)
        .max()
        .orElse(0);
  }

  private static String sendNotes(List<LoadResult> results) {
    double ours = bestThroughput(results, "command-api send");
    double http = bestThroughput(results, "bare Vert.x 202");
    double kafka = bestThroughput(results, "bare Kafka producer");
    return String.format(
        java.util.Locale.ROOT,
        "Best sustained (no failures): command-api %.0f/s, bare HTTP %.0f/s, bare producer %.0f/s."
            + " Ratio send path / bare HTTP = **%.2f** (target >= 0.5); send path / bare producer = %.2f.",
        ours,
        http,
        kafka,
        ours / http,
        ours / kafka);
  }

  /** 25, 50 and 75 % of the max rate, or the absolute rates of {@code --freshness-rates}. */
  private static double[] freshnessLevels(String absoluteRates) {
    if (absoluteRates == null) {
      return new double[] {0.25, 0.5, 0.75};
    }
    return Arrays.stream(ints(absoluteRates)).mapToDouble(rate -> -rate).toArray();
  }

  static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("flags look like --name=value, got: " + arg);
      }
      flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return flags;
  }
}

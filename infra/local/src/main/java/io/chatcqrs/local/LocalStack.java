package io.chatcqrs.local;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole chat backend on one machine, in one command ({@code ./chat up}): a single-node Kafka
 * and Cassandra as child JVMs with their data under {@code .local/} (kept across runs), topics and
 * schema provisioned, and the command-api, projection-workers and query-api verticles deployed in
 * one Vert.x instance. Prints timings, URLs, demo JWTs and ready-to-paste curls.
 *
 * <p>{@code KAFKA_BOOTSTRAP_SERVERS} / {@code CASSANDRA_CONTACT_POINTS} (+ {@code
 * CASSANDRA_LOCAL_DC}) use existing servers instead. {@code COMMAND_API_PORT} / {@code
 * QUERY_API_PORT} (8081 / 8082), {@code CHAT_JWT_SECRET} and {@code CHAT_SSE_TICKET_SECRET}
 * override the defaults. The direct-chat id secret is made on the first run and kept in {@code
 * .local/direct-id-secret} ({@code CHAT_DIRECT_ID_SECRET} overrides it). Ctrl-C stops everything
 * within about 10 s.
 *
 * <p>"ready" is printed only once the projection workers' {@code /health/ready} answers 200 (Kafka
 * Streams running with its tasks, the sink assigned), within {@code PROJECTION_READY_TIMEOUT_S}
 * (120 s); otherwise the stack says it is not ready and why.
 */
public final class LocalStack {

  static final String KEYSPACE = "chat";
  static final String TOPIC_PREFIX = "";
  private static final String[][] VERTICLES = {
    {"command-api", "io.chatcqrs.command.CommandApiVerticle"},
    {"projection-workers", "io.chatcqrs.projection.app.ProjectionWorkersVerticle"},
    {"query-api", "io.chatcqrs.query.QueryApiVerticle"},
  };

  private final Path home;
  private final LocalServers servers;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Vertx vertx;

  private LocalStack(Path home) {
    this.home = home;
    this.servers = new LocalServers(home.resolve(".local"));
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("chat.home", ".")).toAbsolutePath().normalize();
    LocalStack stack = new LocalStack(home);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::shutdown, "local-stack-stop"));
    try {
      stack.run();
    } catch (Exception | LinkageError e) {
      System.err.println();
      System.err.println("local stack failed: " + e);
      System.exit(1);
    }
    stack.stopped.await();
  }

  private void run() throws Exception {
    long t0 = System.nanoTime();
    Progress.say("chat local stack in " + home);
    servers.start();

    long t = System.nanoTime();
    Provisioner.Result result;
    try (CqlSession session = servers.newSession()) {
      result =
          Provisioner.provision(
              servers.bootstrapServers(),
              session,
              Provisioner.Settings.local(TOPIC_PREFIX, KEYSPACE));
    }
    Progress.done(
        "provisioned topics (created "
            + result.topics().created().size()
            + ", changed "
            + (result.topics().reconfigured().size() + result.topics().partitionsIncreased().size())
            + ") and keyspace "
            + KEYSPACE
            + " at schema v"
            + result.schemaVersion()
            + " (applied "
            + result.migrationsApplied()
            + ")",
        t);

    String secret = Demo.secret();
    String directIdSecret = Demo.directIdSecret(home.resolve(".local").resolve("direct-id-secret"));
    String ticketSecret = Demo.ticketSecret();
    int commandPort = Demo.port("COMMAND_API_PORT", 8081);
    int queryPort = Demo.port("QUERY_API_PORT", 8082);
    int projectionPort = Demo.port("PROJECTION_WORKERS_PORT", 8083);
    vertx = Vertx.vertx();
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("command-api", commandPort);
    ports.put("projection-workers", projectionPort);
    ports.put("query-api", queryPort);
    List<String> missing = new ArrayList<>();
    List<String> wanted = wantedServices();
    JsonObject fromFile = ServiceConfig.configFileSettings();
    for (String[] verticle : VERTICLES) {
      if (!wanted.contains(verticle[0])) {
        Progress.warn(
            verticle[0] + " not started (CHAT_SERVICES=" + String.join(",", wanted) + ")");
        missing.add(verticle[0]);
        continue;
      }
      JsonObject config =
          config(verticle[0], secret, directIdSecret, ticketSecret, ports, fromFile);
      if (!deploy(verticle[0], verticle[1], config)) {
        missing.add(verticle[0]);
      }
    }
    int webPort = Demo.port("WEB_PORT", 8080);
    JsonObject web =
        new JsonObject()
            .put("web.port", webPort)
            .put("web.host", "127.0.0.1")
            .put("local.mode", true)
            .put("jwt.secret", secret)
            .put("web.command-api.url", "http://127.0.0.1:" + commandPort)
            .put("web.query-api.url", "http://127.0.0.1:" + queryPort);
    if (!deploy("web", "io.chatcqrs.web.WebVerticle", web)) {
      missing.add("web");
    }
    String notReady =
        missing.contains("projection-workers") ? null : awaitProjectionReady(projectionPort);
    if (notReady == null) {
      Progress.done("ready", t0);
    } else {
      Progress.warn("projection-workers not ready: " + notReady);
      Progress.done("started, but NOT ready (messages will not show up)", t0);
    }
    Demo.print(vertx, secret, webPort, commandPort, queryPort, servers, missing);
    Demo.writeStackFile(stackFile(), secret, commandPort, queryPort, servers);
  }

  /**
   * The services to deploy: all of them, or the comma list in {@code CHAT_SERVICES} (for example
   * {@code command-api} alone, to measure the command side without the projection on the same
   * cores).
   */
  private static List<String> wantedServices() {
    String list = System.getenv("CHAT_SERVICES");
    if (list == null || list.isBlank()) {
      return java.util.Arrays.stream(VERTICLES).map(v -> v[0]).toList();
    }
    return java.util.Arrays.stream(list.split(",")).map(String::trim).toList();
  }

  /**
   * Every service's settings: the stack's own, then those of the JSON file named by {@code
   * CHAT_CONFIG} (e.g. raised rate limits for a benchmark; read once, by {@link
   * ServiceConfig#configFileSettings()}), which win.
   */
  private JsonObject config(
      String service,
      String secret,
      String directIdSecret,
      String ticketSecret,
      Map<String, Integer> ports,
      JsonObject fromFile) {
    JsonObject config =
        stackConfig(secret, ticketSecret, ports.get(service))
            .put("chat.direct-id-secret", directIdSecret);
    if (service.equals("projection-workers")) {
      // a stable instance id (static group membership): after a run that ended without leaving
      // its consumer groups (killed, or Kafka stopped first) the next run takes its partitions
      // back at once instead of waiting 45 s for the dead run's sessions to expire
      config
          .put("projection.http.port", ports.get(service))
          .put(
              "projection.instance.id", "local-" + Integer.toHexString(home.toString().hashCode()));
    }
    return config.mergeIn(fromFile);
  }

  /**
   * Waits until the projection workers' {@code /health/ready} answers 200, that is until Kafka
   * Streams runs with its tasks assigned and the sink's consumer is assigned; null then, else why
   * not (after {@code PROJECTION_READY_TIMEOUT_S}, 120 s by default).
   */
  private static String awaitProjectionReady(int port) throws InterruptedException {
    long t = System.nanoTime();
    String timeout = System.getenv("PROJECTION_READY_TIMEOUT_S");
    long seconds = timeout == null || timeout.isBlank() ? 120 : Long.parseLong(timeout.strip());
    long deadline = t + TimeUnit.SECONDS.toNanos(seconds);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          Progress.done("projection-workers processing", t);
          return null;
        }
        last = r.statusCode() + " " + r.body();
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    return last;
  }

  /**
   * Local mode also allows the live stream's {@code ?access_token=} (handy with curl; browsers use
   * tickets) and gives the query-api a ticket key generated for this run.
   */
  private JsonObject stackConfig(String secret, String ticketSecret, int httpPort) {
    return new JsonObject()
        .put("sse.ticket-secret", ticketSecret)
        .put("sse.allow-access-token", true)
        .put("kafka.bootstrap.servers", servers.bootstrapServers())
        .put("cassandra.contact.points", servers.contactPoints())
        .put("cassandra.local.dc", servers.localDatacenter())
        .put("cassandra.keyspace", KEYSPACE)
        .put("topics.prefix", TOPIC_PREFIX)
        .put("jwt.secret", secret)
        .put("http.host", "127.0.0.1")
        .put("http.port", httpPort)
        .put("projection.streams.state.dir", home.resolve(".local").resolve("streams").toString());
  }

  /**
   * Deploys one service; false (with a warning) when its class is not on the classpath or its start
   * failed, so that the rest of the stack stays usable while a service is being written.
   */
  private boolean deploy(String name, String className, JsonObject config)
      throws InterruptedException {
    long t = System.nanoTime();
    try {
      Class.forName(className);
    } catch (ClassNotFoundException e) {
      Progress.warn(name + " skipped: " + className + " is not on the classpath (not built yet?)");
      return false;
    }
    try {
      vertx
          .deployVerticle(className, new DeploymentOptions().setConfig(config))
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Progress.warn(name + " failed to deploy: " + e.getCause());
      return false;
    } catch (TimeoutException e) {
      Progress.warn(name + " did not finish deploying within 60 s");
      return false;
    }
    Integer port = config.getInteger("http.port", config.getInteger("web.port"));
    Progress.done(name + " deployed on :" + port, t);
    return true;
  }

  /**
   * Where the running stack describes itself for tools such as the bench ({@code ./chat bench}).
   */
  private java.nio.file.Path stackFile() {
    return home.resolve(".local").resolve("stack.json");
  }

  private void shutdown() {
    try {
      java.nio.file.Files.deleteIfExists(stackFile());
    } catch (java.io.IOException e) {
      Progress.warn("could not delete " + stackFile() + ": " + e);
    }
    long t = System.nanoTime();
    Progress.say("stopping ...");
    Vertx running = vertx;
    if (running != null) {
      try {
        running.close().toCompletionStage().toCompletableFuture().get(4, TimeUnit.SECONDS);
      } catch (Exception e) {
        Progress.warn("Vert.x did not close cleanly: " + e);
      }
    }
    servers.stop();
    Progress.done("stopped", t);
    stopped.countDown();
  }
}

package io.chatcqrs.reliability.process;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.process.Ports;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The three services of one isolated chat system, each in its own child JVM against the shared
 * Kafka and Cassandra: command-api, one or more projection workers (one Kafka Streams application
 * id and one sink group, so they share the partitions), and query-api.
 *
 * <p>Settings chosen for fault tests: workers leave their consumer groups 6 s after they stop
 * answering (session timeout) and their Streams transactions time out after {@value
 * #TRANSACTION_TIMEOUT_MS} ms, so a frozen worker is fenced quickly; per-user rate limits are
 * raised ×10 so that the load driver is not throttled (SSE connects and failed authentication keep
 * the contract's defaults, which the hostile-input suite exercises). Groups are limited to {@value
 * #MAX_GROUP_MEMBERS} members and the projection's fan-out threshold is set low ({@value
 * #FANOUT_READ_THRESHOLD}), so that the workload has groups on both sides of it.
 */
public final class ChatServices implements AutoCloseable {
  /** The workers' Kafka transaction timeout, which the SIGSTOP fault outlasts. */
  public static final int TRANSACTION_TIMEOUT_MS = 10_000;

  /**
   * Whether query-api, as this harness starts it, accepts a valid token as {@code ?access_token=}
   * on {@code GET /v1/me/events}. Contract v1.1 ("Live stream authentication"): only where the
   * service is configured to allow it (local mode); the harness configures no such thing, so the
   * hostile suite expects 401. The one expectation to flip (here, together with the query-api
   * setting in the constructor) if the harness ever starts query-api in local mode.
   */
  public static final boolean SSE_ACCESS_TOKEN_ACCEPTED = false;

  /** {@code chat.max-group-members} of every service (the reference model's limit). */
  public static final int MAX_GROUP_MEMBERS = 1000;

  /**
   * The projection's {@code chat.fanout-read-threshold}: groups with more members are in
   * fan-out-on-read mode (docs/large-groups.md), low so the workload's groups straddle it.
   */
  public static final int FANOUT_READ_THRESHOLD = 8;

  /** The secret every service verifies tokens with. */
  public static final String SECRET = "reliability-secret-0123456789abcdef01234";

  private static final List<String> SERVICE_JVM =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

  private final ChatInfra.Isolation isolation;
  private final Path dir;
  private final Map<String, Object> common;
  private final ServiceProcess commandApi;
  private final ServiceProcess queryApi;
  private final List<ServiceProcess> workers = new CopyOnWriteArrayList<>();

  private ChatServices(ChatInfra infra, ChatInfra.Isolation isolation, Path dir) {
    this.isolation = isolation;
    this.dir = dir;
    this.common = new HashMap<>(infra.serviceConfig(isolation));
    common.put("jwt.secret", SECRET);
    common.put("chat.max-group-members", MAX_GROUP_MEMBERS);
    int commandPort = Ports.free();
    int queryPort = Ports.free();
    Map<String, Object> command = new HashMap<>(common);
    command.put("http.port", commandPort);
    command.put("chat.direct-id-secret", SECRET + "-direct-chat-ids");
    command.put("ratelimit.messages.capacity", 200);
    command.put("ratelimit.messages.refill-tokens", 200);
    command.put("ratelimit.commands.capacity", 100);
    command.put("ratelimit.commands.refill-tokens", 100);
    this.commandApi =
        new ServiceProcess(
            "command-api",
            "io.chatcqrs.command.Main",
            List.of(writeConfig("command-api.json", command).toString()),
            SERVICE_JVM,
            commandPort,
            "/health/live",
            dir.resolve("logs/command-api.log"));
    Map<String, Object> query = new HashMap<>(common);
    query.put("http.port", queryPort);
    query.put("ratelimit.reads.capacity", 2000);
    query.put("ratelimit.reads.refill-tokens", 1000);
    // the SSE flood opens 1000 streams from one address: above the per-IP default of 300/min
    query.put("ratelimit.sse-connects-ip.capacity", 5000);
    query.put("ratelimit.sse-connects-ip.refill-tokens", 5000);
    this.queryApi =
        new ServiceProcess(
            "query-api",
            "io.chatcqrs.query.Main",
            List.of(writeConfig("query-api.json", query).toString()),
            SERVICE_JVM,
            queryPort,
            "/health/live",
            dir.resolve("logs/query-api.log"));
  }

  /**
   * Starts command-api, {@code workerCount} projection workers and query-api for {@code isolation}
   * (already provisioned); files and logs go under {@code dir}.
   */
  public static ChatServices start(
      ChatInfra infra, ChatInfra.Isolation isolation, int workerCount, Path dir) {
    ChatServices services = new ChatServices(infra, isolation, dir);
    try {
      services.commandApi.start();
      for (int i = 0; i < workerCount; i++) {
        services.addWorker().start();
      }
      services.queryApi.start();
      return services;
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  /** Describes one more projection worker (same application and group); not started. */
  public ServiceProcess addWorker() {
    int index = workers.size() + 1;
    int port = Ports.free();
    Map<String, Object> c = new HashMap<>(common);
    c.put("projection.application.id", streamsGroup());
    c.put("projection.sink.group.id", sinkGroup());
    c.put("chat.fanout-read-threshold", FANOUT_READ_THRESHOLD);
    c.put("projection.http.port", port);
    c.put("projection.streams.state.dir", dir.resolve("state/worker-" + index).toString());
    c.put("projection.streams.commit.interval.ms", 200);
    c.put("projection.streams.kafka.consumer.session.timeout.ms", 6000);
    c.put("projection.streams.kafka.consumer.heartbeat.interval.ms", 1000);
    c.put("projection.streams.kafka.producer.transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
    c.put("projection.sink.kafka.session.timeout.ms", 6000);
    c.put("projection.sink.kafka.heartbeat.interval.ms", 1000);
    ServiceProcess worker =
        new ServiceProcess(
            "projection-worker-" + index,
            "io.chatcqrs.projection.app.Main",
            List.of(writeConfig("projection-worker-" + index + ".json", c).toString()),
            SERVICE_JVM,
            port,
            "/health/ready",
            dir.resolve("logs/projection-worker-" + index + ".log"));
    workers.add(worker);
    return worker;
  }

  public ServiceProcess commandApi() {
    return commandApi;
  }

  public ServiceProcess queryApi() {
    return queryApi;
  }

  /** The first projection worker. */
  public ServiceProcess worker() {
    return workers.get(0);
  }

  public List<ServiceProcess> workers() {
    return List.copyOf(workers);
  }

  /** The Kafka Streams application id (also the consumer group of chat.events.v1). */
  public String streamsGroup() {
    return isolation.topicPrefix() + "projection";
  }

  /** The Cassandra sink's consumer group. */
  public String sinkGroup() {
    return isolation.topicPrefix() + "sink";
  }

  /** Every service, for health and memory sampling. */
  public List<ServiceProcess> all() {
    List<ServiceProcess> all = new ArrayList<>();
    all.add(commandApi);
    all.addAll(workers);
    all.add(queryApi);
    return all;
  }

  private Path writeConfig(String name, Map<String, Object> values) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.writeString(file, new JsonObject(values).encodePrettily());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops every service, frozen ones included. */
  @Override
  public void close() {
    queryApi.close();
    workers.forEach(ServiceProcess::close);
    commandApi.close();
  }
}

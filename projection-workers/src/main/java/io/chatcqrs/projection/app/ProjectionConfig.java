package io.chatcqrs.projection.app;

import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.projection.sink.SinkSettings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The projection workers' settings: a {@link ServiceConfig} (the common keys {@code
 * kafka.bootstrap.servers}, {@code cassandra.contact.points}, {@code cassandra.local.dc}, {@code
 * cassandra.keyspace}, {@code cassandra.request-timeout-ms} and the other session settings of
 * {@link Cassandra}, {@code topics.prefix}) with the workers' defaults, read through typed
 * accessors. Keys of their own:
 *
 * <ul>
 *   <li>{@code chat.max-group-members} (100000): the members a group may have; the SAME key and
 *       default as the command side's, so both judge a join alike
 *   <li>{@code chat.fanout-read-threshold} (100): a group with more members than this is fanned out
 *       on read (one write per message whatever its size), see {@link
 *       io.chatcqrs.events.projection.FanOutMode}
 *   <li>{@code projection.application.id} (chat-projection): the Kafka Streams application id
 *   <li>{@code projection.sink.group.id} (chat-projection-sink): the sink's consumer group
 *   <li>{@code projection.room-ttl} (P180D; seconds or an ISO-8601 duration)
 *   <li>{@code projection.sink.max-in-flight} (64), {@code projection.sink.max-poll-records} (1000)
 *   <li>{@code projection.streams.commit.interval.ms} (100), {@code projection.streams.state.dir}
 *       (the JVM's temp dir), {@code projection.streams.threads} (1)
 *   <li>{@code projection.streams.enabled}, {@code projection.sink.enabled} (true): run either part
 *       alone, to scale them apart
 *   <li>{@code projection.http.port} (8083; 0 picks a free port, -1 serves no HTTP; env {@code
 *       PROJECTION_HTTP_PORT}): its own key, not {@code http.port}, so that one flat configuration
 *       can start every service in one JVM
 *   <li>{@code projection.instance.id} (none; env {@code PROJECTION_INSTANCE_ID}): a name unique to
 *       this instance and stable across its restarts (a StatefulSet pod name, {@code local-...} for
 *       {@code ./chat up}); when set, both consumer groups use static membership ({@code
 *       group.instance.id}), so an instance that restarts after dying without leaving its groups
 *       takes its partitions back at once instead of waiting for the session timeout of its dead
 *       predecessor
 *   <li>{@code projection.ready.rebalance-grace} (PT30S; seconds or ISO-8601): how long a rebalance
 *       of a Streams app that was running may last before readiness turns DOWN
 *   <li>{@code projection.streams.kafka.<key>} and {@code projection.sink.kafka.<key>}: any Kafka
 *       Streams / consumer setting, passed through as is
 * </ul>
 *
 * <p>{@code projection.max-group-members} (before this release) is refused by {@link #validate()}
 * rather than silently ignored.
 */
public record ProjectionConfig(ServiceConfig config) {
  /** The port of {@code /health/*} and {@code /metrics} unless {@code projection.http.port}. */
  public static final int DEFAULT_HTTP_PORT = 8083;

  /**
   * The environment variables of the projection workers, besides {@link ServiceConfig#ENV_KEYS}.
   */
  public static final Map<String, String> ENV_KEYS =
      Map.of(
          "PROJECTION_INSTANCE_ID", "projection.instance.id",
          "PROJECTION_HTTP_PORT", "projection.http.port");

  /** The key this release replaced by {@code chat.max-group-members}. */
  static final String OLD_MAX_GROUP_MEMBERS = "projection.max-group-members";

  /** The workers' defaults over {@link ServiceConfig#defaults()}. */
  public static JsonObject defaults() {
    return new JsonObject()
        .put("projection.http.port", DEFAULT_HTTP_PORT)
        .put("chat.max-group-members", 100_000)
        .put("chat.fanout-read-threshold", 100);
  }

  /** Settings from a flat configuration (a verticle's {@code config()}), over the defaults. */
  public static ProjectionConfig of(JsonObject flat) {
    return new ProjectionConfig(
        ServiceConfig.of(ServiceConfig.defaults().mergeIn(defaults()).mergeIn(flat)));
  }

  /** As {@link #of(JsonObject)} from a map of flat keys. */
  public static ProjectionConfig of(Map<String, Object> flat) {
    return of(new JsonObject(new HashMap<>(flat)));
  }

  /** The Kafka brokers. */
  public String bootstrapServers() {
    return config.string("kafka.bootstrap.servers");
  }

  /** The topic names. */
  public ChatTopics topics() {
    return ChatTopics.withPrefix(config.string("topics.prefix", ""));
  }

  /** The read models' keyspace. */
  public String keyspace() {
    return Cassandra.keyspace(config);
  }

  /** {@code chat.max-group-members}: the most members a group may have, the creator included. */
  public int maxGroupMembers() {
    return config.integer("chat.max-group-members", 100_000);
  }

  /** {@code chat.fanout-read-threshold}: above this many members a group fans out on read. */
  public int fanOutReadThreshold() {
    return config.integer("chat.fanout-read-threshold", 100);
  }

  /** The Kafka Streams application id. */
  public String applicationId() {
    return config.string("projection.application.id", "chat-projection");
  }

  /** Whether this instance runs the Kafka Streams part. */
  public boolean streamsEnabled() {
    return config.bool("projection.streams.enabled", true);
  }

  /** Whether this instance runs the Cassandra sink. */
  public boolean sinkEnabled() {
    return config.bool("projection.sink.enabled", true);
  }

  /** The HTTP port: 0 for any free one, negative for none. */
  public int httpPort() {
    return config.integer("projection.http.port", DEFAULT_HTTP_PORT);
  }

  /** How long a rebalance after RUNNING still counts as progress. */
  public Duration rebalanceGrace() {
    return duration("projection.ready.rebalance-grace", Duration.ofSeconds(30));
  }

  /** The stable instance id of {@code projection.instance.id}, or null for dynamic membership. */
  public String instanceId() {
    String id = config.string("projection.instance.id", "").trim();
    return id.isEmpty() ? null : id;
  }

  /** The sink's settings. */
  public SinkSettings sinkSettings() {
    SinkSettings d =
        SinkSettings.defaults(
            bootstrapServers(),
            config.string("projection.sink.group.id", "chat-projection-sink"),
            topics(),
            keyspace());
    return new SinkSettings(
        d.bootstrapServers(),
        d.groupId(),
        d.topics(),
        d.keyspace(),
        config.integer("projection.sink.max-in-flight", d.maxInFlight()),
        config.integer("projection.sink.max-poll-records", d.maxPollRecords()),
        d.maxBatchStatements(),
        duration("projection.room-ttl", d.roomTtl()),
        d.inboxTtl(),
        d.maxBackoff(),
        sinkConsumerOverrides());
  }

  private Map<String, Object> sinkConsumerOverrides() {
    Map<String, Object> out = new HashMap<>();
    if (instanceId() != null) {
      out.put("group.instance.id", instanceId());
    }
    out.putAll(passThrough("projection.sink.kafka."));
    return out;
  }

  /** Streams overrides from {@code projection.streams.*}. */
  public Map<String, Object> streamsOverrides() {
    Map<String, Object> out = new HashMap<>();
    out.put("commit.interval.ms", config.number("projection.streams.commit.interval.ms", 100));
    out.put("num.stream.threads", config.integer("projection.streams.threads", 1));
    out.put(
        "state.dir",
        config.string(
            "projection.streams.state.dir",
            System.getProperty("java.io.tmpdir") + "/chat-projection-state"));
    // Kafka Streams turns this off for its consumers, and with it off KafkaStreams.close with
    // leaveGroup(true) does not send a LeaveGroup for a dynamic member (Kafka 4.1.1): the member
    // would stay until its session timed out and stall the next start for up to 45 s
    out.put("main.consumer.internal.leave.group.on.close", true);
    if (instanceId() != null) {
      // Kafka Streams gives each stream thread's consumer the id "<instance id>-<thread index>"
      out.put("group.instance.id", instanceId());
    }
    out.putAll(passThrough("projection.streams.kafka."));
    return out;
  }

  /**
   * Checks the settings for a fail-fast start: the brokers and contact points given, the group
   * limits positive, every number and duration readable, no key this release replaced. Returns
   * this.
   */
  public ProjectionConfig validate() {
    if (config.has(OLD_MAX_GROUP_MEMBERS)) {
      throw new IllegalStateException(
          OLD_MAX_GROUP_MEMBERS
              + " was replaced by chat.max-group-members (the command side's key): rename it");
    }
    bootstrapServers();
    Cassandra.contactPoints(config.string("cassandra.contact.points"));
    if (maxGroupMembers() < 2) {
      throw new IllegalStateException("chat.max-group-members must be at least 2");
    }
    if (fanOutReadThreshold() < 1) {
      throw new IllegalStateException("chat.fanout-read-threshold must be at least 1");
    }
    httpPort();
    rebalanceGrace();
    sinkSettings();
    streamsOverrides();
    return this;
  }

  private Map<String, Object> passThrough(String prefix) {
    Map<String, Object> out = new HashMap<>();
    config
        .toJson()
        .forEach(
            e -> {
              if (e.getKey().startsWith(prefix) && e.getValue() != null) {
                out.put(e.getKey().substring(prefix.length()), e.getValue().toString());
              }
            });
    return out;
  }

  /** A duration in seconds or ISO-8601 ({@code P180D}, {@code PT5S}). */
  private Duration duration(String key, Duration fallback) {
    String s = config.string(key, null);
    if (s == null) {
      return fallback;
    }
    String t = s.trim();
    try {
      return t.startsWith("P") || t.startsWith("p")
          ? Duration.parse(t)
          : Duration.ofSeconds(Long.parseLong(t));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "setting " + key + " must be seconds or an ISO-8601 duration, was: " + s, e);
    }
  }
}

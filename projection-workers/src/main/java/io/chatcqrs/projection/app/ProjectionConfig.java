package io.chatcqrs.projection.app;

import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.projection.sink.SinkSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The projection workers' settings, read from the flat configuration the launcher supplies ({@code
 * kafka.bootstrap.servers}, {@code cassandra.contact.points}, {@code cassandra.local.dc}, {@code
 * cassandra.keyspace}, {@code topics.prefix}) plus the workers' own {@code projection.*} keys:
 *
 * <ul>
 *   <li>{@code projection.application.id} (chat-projection): the Kafka Streams application id
 *   <li>{@code projection.sink.group.id} (chat-projection-sink): the sink's consumer group
 *   <li>{@code projection.max-group-members} (1000)
 *   <li>{@code projection.room-ttl} (P180D; seconds or an ISO-8601 duration)
 *   <li>{@code projection.sink.max-in-flight} (64), {@code projection.sink.max-poll-records} (1000)
 *   <li>{@code projection.streams.commit.interval.ms} (100), {@code projection.streams.state.dir}
 *       (the JVM's temp dir), {@code projection.streams.threads} (1)
 *   <li>{@code projection.streams.enabled}, {@code projection.sink.enabled} (true): run either part
 *       alone, to scale them apart
 *   <li>{@code projection.http.port} (8083; 0 picks a free port, -1 serves no HTTP)
 *   <li>{@code projection.instance.id} (none): a name unique to this instance and stable across its
 *       restarts (a StatefulSet pod name, {@code local-...} for {@code ./chat up}); when set, both
 *       consumer groups use static membership ({@code group.instance.id}), so an instance that
 *       restarts after dying without leaving its groups takes its partitions back at once instead
 *       of waiting for the session timeout of its dead predecessor
 *   <li>{@code projection.ready.rebalance-grace} (PT30S): how long a rebalance of a Streams app
 *       that was running may last before readiness turns DOWN
 *   <li>{@code projection.streams.kafka.<key>} and {@code projection.sink.kafka.<key>}: any Kafka
 *       Streams / consumer setting, passed through as is
 * </ul>
 */
public record ProjectionConfig(Map<String, Object> values) {
  /** Copies the map. */
  public ProjectionConfig {
    values = Map.copyOf(values);
  }

  /** A required string setting. */
  public String required(String key) {
    Object v = values.get(key);
    if (v == null || v.toString().isBlank()) {
      throw new IllegalStateException("missing setting " + key);
    }
    return v.toString();
  }

  /** A string setting with a fallback. */
  public String string(String key, String fallback) {
    Object v = values.get(key);
    return v == null ? fallback : v.toString();
  }

  /** A whole-number setting with a fallback. */
  public long number(String key, long fallback) {
    Object v = values.get(key);
    return v == null ? fallback : Long.parseLong(v.toString().trim());
  }

  /** A boolean setting with a fallback. */
  public boolean flag(String key, boolean fallback) {
    Object v = values.get(key);
    return v == null ? fallback : Boolean.parseBoolean(v.toString().trim());
  }

  /** A duration in seconds or ISO-8601 ({@code P180D}, {@code PT5S}). */
  public Duration duration(String key, Duration fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    String s = v.toString().trim();
    return s.startsWith("P") || s.startsWith("p")
        ? Duration.parse(s)
        : Duration.ofSeconds(Long.parseLong(s));
  }

  /** The topic names. */
  public ChatTopics topics() {
    return ChatTopics.withPrefix(string("topics.prefix", ""));
  }

  /** The read models' keyspace. */
  public String keyspace() {
    return string("cassandra.keyspace", "chat");
  }

  /** The Cassandra contact points, {@code host:port,host:port}. */
  public List<InetSocketAddress> contactPoints() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : required("cassandra.contact.points").split(",")) {
      String hp = part.trim();
      int colon = hp.lastIndexOf(':');
      out.add(
          colon < 0
              ? new InetSocketAddress(hp, 9042)
              : new InetSocketAddress(
                  hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1))));
    }
    return out;
  }

  /** The stable instance id of {@code projection.instance.id}, or null for dynamic membership. */
  public String instanceId() {
    String id = string("projection.instance.id", "").trim();
    return id.isEmpty() ? null : id;
  }

  /** The sink's settings. */
  public SinkSettings sinkSettings() {
    SinkSettings d =
        SinkSettings.defaults(
            required("kafka.bootstrap.servers"),
            string("projection.sink.group.id", "chat-projection-sink"),
            topics(),
            keyspace());
    return new SinkSettings(
        d.bootstrapServers(),
        d.groupId(),
        d.topics(),
        d.keyspace(),
        (int) number("projection.sink.max-in-flight", d.maxInFlight()),
        (int) number("projection.sink.max-poll-records", d.maxPollRecords()),
        d.maxBatchStatements(),
        duration("projection.room-ttl", d.roomTtl()),
        d.inboxTtl(),
        d.maxBackoff(),
        sinkConsumerOverrides());
  }

  private Map<String, Object> sinkConsumerOverrides() {
    Map<String, Object> out = new java.util.HashMap<>();
    if (instanceId() != null) {
      out.put("group.instance.id", instanceId());
    }
    out.putAll(passThrough("projection.sink.kafka."));
    return out;
  }

  private Map<String, Object> passThrough(String prefix) {
    Map<String, Object> out = new java.util.HashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && v != null) {
            out.put(k.substring(prefix.length()), v.toString());
          }
        });
    return out;
  }

  /** Streams overrides from {@code projection.streams.*}. */
  public Map<String, Object> streamsOverrides() {
    Map<String, Object> out = new java.util.HashMap<>();
    out.put("commit.interval.ms", number("projection.streams.commit.interval.ms", 100));
    out.put("num.stream.threads", (int) number("projection.streams.threads", 1));
    out.put(
        "state.dir",
        string(
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

  /** Checks that a value is present, for fail-fast startup. */
  public ProjectionConfig validate() {
    Objects.requireNonNull(required("kafka.bootstrap.servers"));
    contactPoints();
    return this;
  }
}

package io.chatcqrs.query;

import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.query.live.LiveStream;
import io.chatcqrs.query.live.RecentGroupEvents;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The query side's settings with their defaults, read from the flat config a verticle receives.
 *
 * <p>Keys besides the common ones ({@code kafka.bootstrap.servers}, {@code cassandra.*}, {@code
 * topics.prefix}, {@code jwt.secret}, {@code http.host}, {@code http.port} (8082)): {@code
 * query.cassandra-timeout-ms} (800), {@code query.deadline-ms} (1500), {@code
 * query.breaker.max-failures} (5), {@code query.breaker.reset-ms} (2000), {@code
 * query.cache.max-chars} (16 Mi), {@code query.cache.keep-ms} (1 h), {@code
 * query.consistency-wait-ms} (1000), {@code query.position-poll-ms} (50), {@code sse.heartbeat-ms}
 * (10000), {@code sse.retry-ms} (3000), {@code sse.max-per-user} (5), {@code sse.max-total}
 * (10000), {@code sse.max-pending} (1000), {@code sse.max-queued-bytes} (1 MiB), {@code
 * sse.resume-wait-ms} (5000), {@code sse.inbox-window-ms} (24 h minus 10 min), {@code
 * sse.ticket-secret} (the live-stream ticket key, at least 32 bytes, the same on every instance;
 * env {@code CHAT_SSE_TICKET_SECRET}; default derived from {@code jwt.secret}), {@code
 * sse.ticket-ttl-ms} (30000), {@code sse.allow-access-token} (false: the stream refuses {@code
 * ?access_token=}), {@code sse.group-feed-stall-ms} (30000: the group-events feed is not ready when
 * it completed no poll round for this long), {@code http.trusted-proxies} (none).
 */
public record QuerySettings(ServiceConfig config) {
  /** The service's defaults over the common ones. */
  public static JsonObject defaults() {
    return new JsonObject().put("http.port", 8082);
  }

  /** Settings from a verticle's flat config, over the defaults. */
  public static QuerySettings of(JsonObject flat) {
    return new QuerySettings(
        ServiceConfig.of(ServiceConfig.defaults().mergeIn(defaults()).mergeIn(flat)));
  }

  Duration cassandraTimeout() {
    return config.millis("query.cassandra-timeout-ms", Duration.ofMillis(800));
  }

  Duration deadline() {
    return config.millis("query.deadline-ms", Duration.ofMillis(1500));
  }

  int breakerMaxFailures() {
    return config.integer("query.breaker.max-failures", 5);
  }

  Duration breakerReset() {
    return config.millis("query.breaker.reset-ms", Duration.ofSeconds(2));
  }

  long cacheMaxChars() {
    return config.number("query.cache.max-chars", 16L * 1024 * 1024);
  }

  Duration cacheKeep() {
    return config.millis("query.cache.keep-ms", Duration.ofHours(1));
  }

  Duration consistencyWait() {
    return config.millis("query.consistency-wait-ms", Duration.ofSeconds(1));
  }

  Duration positionPoll() {
    return config.millis("query.position-poll-ms", Duration.ofMillis(50));
  }

  Duration heartbeat() {
    return config.millis("sse.heartbeat-ms", Duration.ofSeconds(10));
  }

  int maxStreamsPerUser() {
    return config.integer("sse.max-per-user", 5);
  }

  int maxStreams() {
    return config.integer("sse.max-total", 10_000);
  }

  Duration ticketTtl() {
    return config.millis("sse.ticket-ttl-ms", Duration.ofSeconds(30));
  }

  String ticketSecret() {
    return config.string("sse.ticket-secret", null);
  }

  boolean allowAccessToken() {
    return config.bool("sse.allow-access-token", false);
  }

  Duration groupFeedStall() {
    return config.millis("sse.group-feed-stall-ms", Duration.ofSeconds(30));
  }

  RecentGroupEvents.Limits groupBuffer() {
    return new RecentGroupEvents.Limits(
        config.integer("sse.group-buffer.per-chat", 256),
        config.integer("sse.group-buffer.max-events", 100_000),
        config.millis("sse.group-buffer.retention-ms", Duration.ofSeconds(60)));
  }

  LiveStream.Settings stream() {
    return new LiveStream.Settings(
        config.millis("sse.retry-ms", Duration.ofSeconds(3)),
        config.millis("sse.inbox-window-ms", Duration.ofHours(24).minusMinutes(10)),
        config.millis("sse.resume-wait-ms", Duration.ofSeconds(5)),
        config.integer("sse.max-pending", 1000),
        config.integer("sse.max-queued-bytes", 1024 * 1024));
  }
}

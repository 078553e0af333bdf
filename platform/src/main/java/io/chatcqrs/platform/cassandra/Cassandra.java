package io.chatcqrs.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.chatcqrs.platform.async.Futures;
import io.chatcqrs.platform.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Opens the one {@link CqlSession} a service uses, from its settings, without blocking an event
 * loop, and bridges the driver's async results into Vert.x futures.
 *
 * <p>Settings: {@code cassandra.contact.points} ("host:port,..."), {@code cassandra.local.dc},
 * {@code cassandra.keyspace} (not set on the session: statements name it, so a session can open
 * before the schema exists), {@code cassandra.request-timeout-ms} (default 2000), {@code
 * cassandra.connect-timeout-ms} (default 3000), {@code cassandra.pool.local-size} (default 2),
 * {@code cassandra.consistency} (default LOCAL_QUORUM).
 */
public final class Cassandra {
  private Cassandra() {}

  /** Opens a session; the future fails if no contact point answers. */
  public static Future<CqlSession> open(Vertx vertx, ServiceConfig config) {
    return vertx.executeBlocking(() -> builder(config).buildAsync(), false).compose(Futures::from);
  }

  /**
   * Opens a session, blocking the calling thread until it is connected: for code that runs on
   * threads of its own (the projection workers), never on an event loop. Throws if no contact point
   * answers.
   */
  public static CqlSession connect(ServiceConfig config) {
    return builder(config).build();
  }

  /** The keyspace that holds the read models. */
  public static String keyspace(ServiceConfig config) {
    return config.string("cassandra.keyspace", "chat");
  }

  /** The driver's async result as a Vert.x future completing on the calling context. */
  public static <T> Future<T> toFuture(CompletionStage<T> stage) {
    return Futures.from(stage);
  }

  /** Closes the session without blocking; the future completes when it is closed. */
  public static Future<Void> close(CqlSession session) {
    return session == null
        ? Future.succeededFuture()
        : Futures.from(session.closeAsync()).mapEmpty();
  }

  /** The contact points of a "host:port,host:port" list (port 9042 when omitted). */
  public static List<InetSocketAddress> contactPoints(String list) {
    List<InetSocketAddress> points = new ArrayList<>();
    for (String entry : list.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.lastIndexOf(':');
      String host = colon < 0 ? trimmed : trimmed.substring(0, colon);
      int port = colon < 0 ? 9042 : Integer.parseInt(trimmed.substring(colon + 1));
      points.add(InetSocketAddress.createUnresolved(host, port));
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException("no Cassandra contact points in: " + list);
    }
    return points;
  }

  private static com.datastax.oss.driver.api.core.CqlSessionBuilder builder(ServiceConfig config) {
    Duration requestTimeout = config.millis("cassandra.request-timeout-ms", Duration.ofSeconds(2));
    Duration connectTimeout = config.millis("cassandra.connect-timeout-ms", Duration.ofSeconds(3));
    DriverConfigLoader loader =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, connectTimeout)
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, connectTimeout)
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, connectTimeout)
            .withInt(
                DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE,
                config.integer("cassandra.pool.local-size", 2))
            .withString(
                DefaultDriverOption.REQUEST_CONSISTENCY,
                config.string("cassandra.consistency", "LOCAL_QUORUM"))
            .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(10))
            .build();
    return CqlSession.builder()
        .withConfigLoader(loader)
        .addContactPoints(contactPoints(config.string("cassandra.contact.points")))
        .withLocalDatacenter(config.string("cassandra.local.dc"));
  }
}

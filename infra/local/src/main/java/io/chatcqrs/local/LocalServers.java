package io.chatcqrs.local;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.chatcqrs.infra.cassandra.EmbeddedCassandra;
import io.chatcqrs.infra.kafka.EmbeddedKafka;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka and Cassandra for the local stack: the ones named by {@code KAFKA_BOOTSTRAP_SERVERS} /
 * {@code CASSANDRA_CONTACT_POINTS}, or embedded ones started in parallel with data under {@code
 * .local/} and fixed ports (Kafka 9092/9093, CQL 9042, storage 7000; {@code LOCAL_KAFKA_PORT},
 * {@code LOCAL_KAFKA_CONTROLLER_PORT}, {@code LOCAL_CQL_PORT}, {@code LOCAL_STORAGE_PORT} change
 * them).
 */
final class LocalServers {

  private final Path dataDir;
  private EmbeddedKafka kafka;
  private EmbeddedCassandra cassandra;
  private String bootstrapServers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
  private String contactPoints = System.getenv("CASSANDRA_CONTACT_POINTS");
  private final String localDatacenter =
      System.getenv().getOrDefault("CASSANDRA_LOCAL_DC", EmbeddedCassandra.DATACENTER);

  LocalServers(Path dataDir) {
    this.dataDir = dataDir;
  }

  void start() {
    CompletableFuture<Void> kafkaReady = CompletableFuture.completedFuture(null);
    if (isBlank(bootstrapServers)) {
      kafka =
          EmbeddedKafka.builder()
              .dataDir(dataDir.resolve("kafka"))
              .port(Demo.port("LOCAL_KAFKA_PORT", 9092))
              .controllerPort(Demo.port("LOCAL_KAFKA_CONTROLLER_PORT", 9093))
              .build();
      Progress.say("starting Kafka (log: " + kafka.logFile() + ")");
      long t = System.nanoTime();
      kafkaReady =
          CompletableFuture.runAsync(
              () -> {
                kafka.start();
                Progress.done("kafka ready on " + kafka.bootstrapServers(), t);
              });
      bootstrapServers = kafka.bootstrapServers();
    } else {
      Progress.say("using Kafka at " + bootstrapServers);
    }
    try {
      if (isBlank(contactPoints)) {
        cassandra =
            EmbeddedCassandra.builder()
                .dataDir(dataDir.resolve("cassandra"))
                .cqlPort(Demo.port("LOCAL_CQL_PORT", 9042))
                .storagePort(Demo.port("LOCAL_STORAGE_PORT", 7000))
                .build();
        Progress.say("starting Cassandra (log: " + cassandra.logFile() + ")");
        long t = System.nanoTime();
        cassandra.start();
        InetSocketAddress point = cassandra.contactPoint();
        contactPoints = point.getHostString() + ":" + point.getPort();
        Progress.done("cassandra ready on " + contactPoints, t);
      } else {
        Progress.say("using Cassandra at " + contactPoints);
      }
      kafkaReady.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Stops the embedded servers in parallel, each within its own stop grace (Cassandra's covers its
   * drain), then killed.
   */
  void stop() {
    CompletableFuture<Void> kafkaStopped =
        kafka == null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(() -> kafka.stop());
    if (cassandra != null) {
      cassandra.stop();
    }
    kafkaStopped.join();
  }

  CqlSession newSession() {
    return CqlSession.builder()
        .addContactPoints(parse(contactPoints))
        .withLocalDatacenter(localDatacenter)
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .build())
        .build();
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  String contactPoints() {
    return contactPoints;
  }

  String localDatacenter() {
    return localDatacenter;
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  EmbeddedCassandra cassandra() {
    return cassandra;
  }

  private static List<InetSocketAddress> parse(String points) {
    List<InetSocketAddress> result = new ArrayList<>();
    for (String point : points.split(",")) {
      String trimmed = point.strip();
      int colon = trimmed.lastIndexOf(':');
      result.add(
          colon < 0
              ? new InetSocketAddress(trimmed, 9042)
              : new InetSocketAddress(
                  trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1))));
    }
    return result;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}

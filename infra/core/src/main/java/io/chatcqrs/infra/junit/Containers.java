package io.chatcqrs.infra.junit;

import java.net.InetSocketAddress;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.cassandra.CassandraContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and Cassandra in Docker containers through Testcontainers. Only loaded when Testcontainers
 * is on the classpath; the containers are removed when the JVM exits (Testcontainers' reaper).
 */
final class Containers {

  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String CASSANDRA_IMAGE = "cassandra:5.0.6";

  private Containers() {}

  static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException e) {
      return false;
    }
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts a Kafka container; returns its bootstrap servers. */
  @SuppressWarnings("resource") // lives as long as the JVM
  static String startKafka() {
    KafkaContainer kafka =
        new KafkaContainer(KAFKA_IMAGE)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    kafka.start();
    return kafka.getBootstrapServers();
  }

  /** Starts a Cassandra container; returns its CQL contact point. */
  @SuppressWarnings("resource") // lives as long as the JVM
  static InetSocketAddress startCassandra() {
    CassandraContainer cassandra =
        new CassandraContainer(CASSANDRA_IMAGE)
            .withEnv("MAX_HEAP_SIZE", "1G")
            .withEnv("HEAP_NEWSIZE", "256M");
    cassandra.start();
    return cassandra.getContactPoint();
  }
}

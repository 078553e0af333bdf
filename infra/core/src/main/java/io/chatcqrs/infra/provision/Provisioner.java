package io.chatcqrs.infra.provision;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.events.topics.TopicSpec;
import io.chatcqrs.platform.cassandra.SchemaMigrator;
import io.chatcqrs.platform.cassandra.SchemaMigrator.KeyspaceReplication;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Brings a Kafka cluster and a Cassandra keyspace to what the code declares: the topics of {@link
 * ChatTopics} (with a name prefix) and the CQL migrations of {@link SchemaMigrator}. Idempotent:
 * running it again changes nothing and fails on nothing.
 */
public final class Provisioner {

  /**
   * What to provision.
   *
   * @param topicPrefix prefix of every topic name ("" in production, unique per test class)
   * @param topicDefaults replication of the topics
   * @param keyedPartitions the partition count of the keyed ({@code FIXED}) topics: what they are
   *     created with, and what existing ones must have (else {@link PartitionCountChangeRefused})
   * @param keyspace the Cassandra keyspace of the read models
   * @param replication the keyspace's replication, used when it is created
   */
  public record Settings(
      String topicPrefix,
      TopicDefaults topicDefaults,
      int keyedPartitions,
      String keyspace,
      KeyspaceReplication replication) {

    public Settings {
      if (keyedPartitions < 1) {
        throw new IllegalArgumentException("keyedPartitions must be positive");
      }
    }

    /** Single broker, single Cassandra node, the declared partition counts. */
    public static Settings local(String topicPrefix, String keyspace) {
      return new Settings(
          topicPrefix,
          TopicDefaults.LOCAL,
          ChatTopics.DEFAULT_PARTITIONS,
          keyspace,
          KeyspaceReplication.simple(1));
    }
  }

  /** What a run did. */
  public record Result(
      TopicProvisioner.Report topics, int migrationsApplied, int schemaVersion, Duration took) {

    public boolean changedNothing() {
      return topics.changedNothing() && migrationsApplied == 0;
    }
  }

  private Provisioner() {}

  /**
   * Provisions topics through a short-lived admin client, then the schema through {@code session}.
   */
  public static Result provision(String bootstrapServers, CqlSession session, Settings settings) {
    long start = System.nanoTime();
    TopicProvisioner.Report topics =
        provisionTopics(
            bootstrapServers,
            settings.topicPrefix(),
            settings.topicDefaults(),
            settings.keyedPartitions());
    SchemaMigrator migrator = new SchemaMigrator(settings.keyspace(), settings.replication());
    int applied = migrator.migrate(session);
    return new Result(
        topics,
        applied,
        migrator.appliedVersion(session),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Creates or reconciles the topics of {@code ChatTopics.withPrefix(prefix)}, keyed topics with
   * their declared partition count.
   */
  public static TopicProvisioner.Report provisionTopics(
      String bootstrapServers, String prefix, TopicDefaults defaults) {
    return provisionTopics(bootstrapServers, prefix, defaults, ChatTopics.DEFAULT_PARTITIONS);
  }

  /**
   * Creates or reconciles the topics of {@code ChatTopics.withPrefix(prefix)}, keyed ({@code
   * FIXED}) topics with {@code keyedPartitions} partitions.
   *
   * @throws PartitionCountChangeRefused if an existing keyed topic has another count
   */
  public static TopicProvisioner.Report provisionTopics(
      String bootstrapServers, String prefix, TopicDefaults defaults, int keyedPartitions) {
    List<TopicSpec> specs =
        ChatTopics.withPrefix(prefix).all().stream()
            .map(
                spec ->
                    spec.partitioning() == TopicSpec.Partitioning.FIXED
                        ? spec.withPartitions(keyedPartitions)
                        : spec)
            .toList();
    try (Admin admin = admin(bootstrapServers)) {
      return new TopicProvisioner(admin, defaults).apply(specs);
    }
  }

  /** An admin client with bounded timeouts. */
  public static Admin admin(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(props);
  }
}

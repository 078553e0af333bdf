package io.chatcqrs.infra.provision;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.platform.cassandra.SchemaMigrator;
import io.chatcqrs.platform.cassandra.SchemaMigrator.KeyspaceReplication;
import java.time.Duration;
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
   * @param keyspace the Cassandra keyspace of the read models
   * @param replication the keyspace's replication, used when it is created
   */
  public record Settings(
      String topicPrefix,
      TopicDefaults topicDefaults,
      String keyspace,
      KeyspaceReplication replication) {

    /** Single broker, single Cassandra node. */
    public static Settings local(String topicPrefix, String keyspace) {
      return new Settings(
          topicPrefix, TopicDefaults.LOCAL, keyspace, KeyspaceReplication.simple(1));
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
        provisionTopics(bootstrapServers, settings.topicPrefix(), settings.topicDefaults());
    SchemaMigrator migrator = new SchemaMigrator(settings.keyspace(), settings.replication());
    int applied = migrator.migrate(session);
    return new Result(
        topics,
        applied,
        migrator.appliedVersion(session),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Creates or reconciles the topics of {@code ChatTopics.withPrefix(prefix)}. */
  public static TopicProvisioner.Report provisionTopics(
      String bootstrapServers, String prefix, TopicDefaults defaults) {
    try (Admin admin = admin(bootstrapServers)) {
      return new TopicProvisioner(admin, defaults).apply(ChatTopics.withPrefix(prefix).all());
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

package io.chatcqrs.infra.provision;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.platform.cassandra.SchemaMigrator.KeyspaceReplication;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provisions an existing Kafka cluster and Cassandra cluster (a deployment step, run before the
 * services start and safe to run again on every deploy). Configured by environment:
 *
 * <ul>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS}, {@code CASSANDRA_CONTACT_POINTS} ("host:port,..."), {@code
 *       CASSANDRA_LOCAL_DC} (default datacenter1), {@code CASSANDRA_KEYSPACE} (default chat),
 *       {@code TOPICS_PREFIX} (default "");
 *   <li>{@code TOPIC_REPLICATION_FACTOR} (default 3) and {@code TOPIC_MIN_INSYNC_REPLICAS} (default
 *       2);
 *   <li>{@code TOPIC_PARTITIONS} (default 6): the partition count of the keyed topics. Chosen once
 *       per topic set: provisioning refuses to run when existing keyed topics have another count
 *       ({@link PartitionCountChangeRefused}; docs/operations.md says how to move to new topics);
 *   <li>{@code KEYSPACE_REPLICATION}: {@code dc1:3,dc2:3} for NetworkTopologyStrategy (the default
 *       is {@code <local dc>:3}), or {@code simple:1} for SimpleStrategy.
 * </ul>
 */
public final class ProvisionMain {
  private ProvisionMain() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String kafka = required(env, "KAFKA_BOOTSTRAP_SERVERS");
    String contactPoints = required(env, "CASSANDRA_CONTACT_POINTS");
    String localDc = env.getOrDefault("CASSANDRA_LOCAL_DC", "datacenter1");
    Provisioner.Settings settings =
        new Provisioner.Settings(
            env.getOrDefault("TOPICS_PREFIX", ""),
            new TopicDefaults(
                Short.parseShort(env.getOrDefault("TOPIC_REPLICATION_FACTOR", "3")),
                Integer.parseInt(env.getOrDefault("TOPIC_MIN_INSYNC_REPLICAS", "2"))),
            Integer.parseInt(
                env.getOrDefault(
                    "TOPIC_PARTITIONS", Integer.toString(ChatTopics.DEFAULT_PARTITIONS))),
            env.getOrDefault("CASSANDRA_KEYSPACE", "chat"),
            replication(env.getOrDefault("KEYSPACE_REPLICATION", localDc + ":3")));
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoints(Cassandra.contactPoints(contactPoints))
            .withLocalDatacenter(localDc)
            .build()) {
      Provisioner.Result result = Provisioner.provision(kafka, session, settings);
      System.out.println(
          "provisioned in "
              + result.took().toMillis()
              + " ms: topics "
              + result.topics()
              + "; keyspace "
              + settings.keyspace()
              + " at schema v"
              + result.schemaVersion()
              + " ("
              + result.migrationsApplied()
              + " migrations applied)");
    }
  }

  /** Parses {@code simple:N} or {@code dc1:N,dc2:M}. */
  static KeyspaceReplication replication(String spec) {
    if (spec.startsWith("simple:")) {
      return KeyspaceReplication.simple(Integer.parseInt(spec.substring("simple:".length())));
    }
    Map<String, Integer> factors = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String[] parts = entry.trim().split(":");
      if (parts.length != 2) {
        throw new IllegalArgumentException("KEYSPACE_REPLICATION must look like dc1:3,dc2:3");
      }
      factors.put(parts[0], Integer.parseInt(parts[1]));
    }
    return KeyspaceReplication.networkTopology(factors);
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return value;
  }
}

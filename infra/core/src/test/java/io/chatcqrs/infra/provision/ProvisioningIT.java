package io.chatcqrs.infra.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.events.topics.TopicSpec;
import io.chatcqrs.events.topics.TopicSpec.Partitioning;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.infra.provision.PartitionCountChangeRefused.Mismatch;
import io.chatcqrs.platform.cassandra.SchemaMigrator;
import io.chatcqrs.platform.cassandra.SchemaMigrator.KeyspaceReplication;
import io.chatcqrs.platform.cassandra.SchemaMigrator.MigrationException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@ChatInfraTest
class ProvisioningIT {

  @Test
  void provisioning_twice_changes_nothing_the_second_time(ChatInfra infra) throws Exception {
    String prefix = infra.newTopicPrefix();
    String keyspace = infra.newKeyspace();
    ChatTopics topics = ChatTopics.withPrefix(prefix);

    Provisioner.Result first = infra.provision(prefix, keyspace);
    Map<String, String> topicsAfterFirst = describe(infra, topics);
    List<String> migrationsAfterFirst = migrations(infra, keyspace);
    Provisioner.Result second = infra.provision(prefix, keyspace);

    assertThat(first.topics().created())
        .containsExactlyElementsOf(topics.all().stream().map(TopicSpec::name).toList());
    SchemaMigrator declared = new SchemaMigrator(keyspace, KeyspaceReplication.simple(1));
    assertThat(first.migrationsApplied()).isEqualTo(declared.migrations().size()).isPositive();
    assertThat(first.schemaVersion()).isEqualTo(declared.expectedVersion());
    assertThat(second.changedNothing()).as("second run: %s", second).isTrue();
    assertThat(describe(infra, topics)).isEqualTo(topicsAfterFirst);
    assertThat(migrations(infra, keyspace)).isEqualTo(migrationsAfterFirst);
    assertThat(
            new SchemaMigrator(keyspace, KeyspaceReplication.simple(1))
                .appliedVersion(infra.session()))
        .isEqualTo(second.schemaVersion());
  }

  @Test
  void a_keyed_topic_with_another_partition_count_is_refused_and_nothing_changes(ChatInfra infra)
      throws Exception {
    String prefix = infra.newTopicPrefix();
    ChatTopics topics = ChatTopics.withPrefix(prefix);
    Provisioner.provisionTopics(infra.bootstrapServers(), prefix, TopicDefaults.LOCAL);
    Map<String, String> before = describe(infra, topics);

    assertThatThrownBy(
            () ->
                Provisioner.provisionTopics(
                    infra.bootstrapServers(), prefix, TopicDefaults.LOCAL, 12))
        .isInstanceOfSatisfying(
            PartitionCountChangeRefused.class,
            e ->
                assertThat(e.mismatches())
                    .containsExactly(
                        new Mismatch(topics.chatEvents(), 6, 12),
                        new Mismatch(topics.chatSequenced(), 6, 12),
                        new Mismatch(topics.userEvents(), 6, 12),
                        new Mismatch(topics.roomUpdates(), 6, 12),
                        new Mismatch(topics.groupEvents(), 6, 12)))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("topic " + topics.chatEvents() + " has 6 partitions, 12 wanted")
        .hasMessageContaining("Nothing was changed")
        .hasMessageContaining("docs/operations.md#changing-partition-counts");
    assertThat(describe(infra, topics)).isEqualTo(before);

    // what the issue measured: someone grew chat.events.v1 through the Admin API
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      admin
          .createPartitions(Map.of(topics.chatEvents(), NewPartitions.increaseTo(12)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Map<String, String> grown = describe(infra, topics);
    assertThatThrownBy(
            () ->
                Provisioner.provisionTopics(infra.bootstrapServers(), prefix, TopicDefaults.LOCAL))
        .isInstanceOf(PartitionCountChangeRefused.class)
        .hasMessageContaining("topic " + topics.chatEvents() + " has 12 partitions, 6 wanted")
        .hasMessageNotContaining(topics.userEvents());
    assertThat(describe(infra, topics)).isEqualTo(grown);
  }

  @Test
  void a_refused_run_creates_and_reconfigures_nothing(ChatInfra infra) throws Exception {
    String prefix = infra.newTopicPrefix();
    ChatTopics topics = ChatTopics.withPrefix(prefix);
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.chatSequenced(), 1, (short) 1)
                      .configs(Map.of("retention.ms", "60000"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    assertThatThrownBy(
            () ->
                Provisioner.provisionTopics(infra.bootstrapServers(), prefix, TopicDefaults.LOCAL))
        .isInstanceOf(PartitionCountChangeRefused.class)
        .hasMessageContaining("topic " + topics.chatSequenced() + " has 1 partitions, 6 wanted");

    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .contains(topics.chatSequenced())
          .doesNotContain(topics.chatEvents(), topics.userEvents(), topics.deadLetter());
      ConfigResource resource =
          new ConfigResource(ConfigResource.Type.TOPIC, topics.chatSequenced());
      assertThat(
              admin
                  .describeConfigs(List.of(resource))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(resource)
                  .get("retention.ms")
                  .value())
          .isEqualTo("60000");
    }
  }

  @Test
  void unkeyed_topics_may_grow_and_get_declared_configs(ChatInfra infra) throws Exception {
    String prefix = infra.newTopicPrefix();
    ChatTopics topics = ChatTopics.withPrefix(prefix);
    TopicSpec growable =
        new TopicSpec(prefix + "growable", 3, 60_000, "delete", Map.of(), Partitioning.GROWABLE);
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(growable.name(), 1, (short) 1)
                      .configs(Map.of("retention.ms", "1000")),
                  new NewTopic(topics.deadLetter(), 4, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);

      TopicProvisioner.Report grown =
          new TopicProvisioner(admin, TopicDefaults.LOCAL).apply(List.of(growable));
      TopicProvisioner.Report all =
          Provisioner.provisionTopics(infra.bootstrapServers(), prefix, TopicDefaults.LOCAL);

      assertThat(grown.partitionsIncreased()).containsExactly(growable.name());
      assertThat(grown.reconfigured()).containsExactly(growable.name());
      assertThat(
              admin
                  .describeTopics(List.of(growable.name()))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get(growable.name())
                  .partitions())
          .hasSize(3);
      assertThat(all.warnings())
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains(topics.deadLetter() + " has 4 partitions");
      assertThat(describe(infra, topics).get(topics.deadLetter())).startsWith("partitions=4,");
    }
  }

  @Test
  void a_changed_migration_file_fails_loudly(ChatInfra infra) {
    String keyspace = infra.isolate().keyspace();
    infra
        .session()
        .execute(
            "UPDATE " + keyspace + ".schema_migrations SET checksum = 'edited' WHERE version = 1");

    assertThatThrownBy(
            () ->
                new SchemaMigrator(keyspace, KeyspaceReplication.simple(1))
                    .migrate(infra.session()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("V0001__")
        .hasMessageContaining("must never change");
  }

  /** Per topic: partition count and the configs we declare, as one comparable string. */
  private static Map<String, String> describe(ChatInfra infra, ChatTopics topics) throws Exception {
    List<String> names = topics.all().stream().map(TopicSpec::name).toList();
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      var descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      List<ConfigResource> resources =
          names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      Map<String, String> result = new TreeMap<>();
      for (TopicSpec spec : topics.all()) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
        String declared =
            new TopicProvisioner(admin, TopicDefaults.LOCAL)
                .desiredConfigs(spec).keySet().stream()
                    .sorted()
                    .map(key -> key + "=" + config.get(key).value())
                    .collect(Collectors.joining(","));
        result.put(
            spec.name(),
            "partitions=" + descriptions.get(spec.name()).partitions().size() + "," + declared);
      }
      return result;
    }
  }

  private static List<String> migrations(ChatInfra infra, String keyspace) {
    return infra
        .session()
        .execute("SELECT version, checksum, applied_at FROM " + keyspace + ".schema_migrations")
        .all()
        .stream()
        .map(ProvisioningIT::describe)
        .sorted()
        .toList();
  }

  private static String describe(Row row) {
    return row.getInt("version")
        + " "
        + row.getString("checksum")
        + " "
        + row.getInstant("applied_at");
  }
}

package io.chatcqrs.infra.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.events.topics.TopicSpec;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
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
    assertThat(first.migrationsApplied()).isEqualTo(first.schemaVersion()).isPositive();
    assertThat(second.changedNothing()).as("second run: %s", second).isTrue();
    assertThat(describe(infra, topics)).isEqualTo(topicsAfterFirst);
    assertThat(migrations(infra, keyspace)).isEqualTo(migrationsAfterFirst);
    assertThat(
            new SchemaMigrator(keyspace, KeyspaceReplication.simple(1))
                .appliedVersion(infra.session()))
        .isEqualTo(second.schemaVersion());
  }

  @Test
  void an_existing_topic_gets_missing_partitions_and_declared_configs(ChatInfra infra)
      throws Exception {
    String prefix = infra.newTopicPrefix();
    TopicSpec chatEvents = ChatTopics.withPrefix(prefix).all().get(0);
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(chatEvents.name(), 1, (short) 1)
                      .configs(Map.of("retention.ms", "60000"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    TopicProvisioner.Report report =
        Provisioner.provisionTopics(infra.bootstrapServers(), prefix, TopicDefaults.LOCAL);

    assertThat(report.reconfigured()).contains(chatEvents.name());
    assertThat(report.partitionsIncreased()).containsExactly(chatEvents.name());
    assertThat(describe(infra, ChatTopics.withPrefix(prefix)).get(chatEvents.name()))
        .contains("partitions=" + chatEvents.partitions())
        .contains("retention.ms=" + chatEvents.retentionMs());
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

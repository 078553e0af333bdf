package io.chatcqrs.platform.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.platform.cassandra.SchemaMigrator.KeyspaceReplication;
import io.chatcqrs.platform.cassandra.SchemaMigrator.Migration;
import io.chatcqrs.platform.cassandra.SchemaMigrator.MigrationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  private static final KeyspaceReplication LOCAL = KeyspaceReplication.simple(1);

  @Test
  void should_split_statements_at_line_end_semicolons_and_drop_comment_lines() {
    String cql =
        String.join(
            "\n",
            "-- a comment; with a semicolon;",
            "CREATE TABLE IF NOT EXISTS ${keyspace}.a (",
            "  id text PRIMARY KEY -- not a comment line, kept",
            ");",
            "",
            "   -- indented comment",
            "CREATE TABLE IF NOT EXISTS ${keyspace}.b (id int PRIMARY KEY)",
            "  WITH gc_grace_seconds = 10;",
            "INSERT INTO ${keyspace}.b (id) VALUES (1)");

    assertThat(SchemaMigrator.splitStatements(cql))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS ${keyspace}.a (\n"
                + "  id text PRIMARY KEY -- not a comment line, kept\n)",
            "CREATE TABLE IF NOT EXISTS ${keyspace}.b (id int PRIMARY KEY)\n"
                + "  WITH gc_grace_seconds = 10",
            "INSERT INTO ${keyspace}.b (id) VALUES (1)");
  }

  @Test
  void should_parse_version_and_description_and_substitute_the_keyspace() {
    Migration migration =
        SchemaMigrator.parse(
            "V0012__room_order.cql", "CREATE TABLE ${keyspace}.t (id int PRIMARY KEY);", "chat_t1");

    assertThat(migration.version()).isEqualTo(12);
    assertThat(migration.description()).isEqualTo("room order");
    assertThat(migration.statements())
        .containsExactly("CREATE TABLE chat_t1.t (id int PRIMARY KEY)");
    assertThat(migration.checksum()).hasSize(64);
  }

  @Test
  void should_compute_the_checksum_from_the_file_not_from_the_keyspace() {
    String cql = "CREATE TABLE ${keyspace}.t (id int PRIMARY KEY);";

    assertThat(SchemaMigrator.parse("V0001__x.cql", cql, "a").checksum())
        .isEqualTo(SchemaMigrator.parse("V0001__x.cql", cql, "b").checksum())
        .isNotEqualTo(SchemaMigrator.parse("V0001__x.cql", cql + "\n-- edited", "a").checksum());
  }

  @Test
  void should_reject_badly_named_files_and_unknown_placeholders() {
    assertThatThrownBy(() -> SchemaMigrator.parse("0001_x.cql", "SELECT 1;", "k"))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("V0001__description.cql");
    assertThatThrownBy(() -> SchemaMigrator.parse("V0001__x.cql", "USE ${schema};", "k"))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("${schema}");
  }

  @Test
  void should_load_the_files_listed_in_the_index_in_order() {
    Map<String, String> files = new HashMap<>();
    files.put("db/cql/index.txt", "# ordered\nV0001__first.cql\n\nV0002__second.cql\n");
    files.put("db/cql/V0001__first.cql", "CREATE TABLE ${keyspace}.a (id int PRIMARY KEY);");
    files.put("db/cql/V0002__second.cql", "CREATE TABLE ${keyspace}.b (id int PRIMARY KEY);");

    SchemaMigrator migrator = new SchemaMigrator("chat", LOCAL, files::get);

    assertThat(migrator.migrations()).extracting(Migration::version).containsExactly(1, 2);
    assertThat(migrator.expectedVersion()).isEqualTo(2);
  }

  @Test
  void should_fail_when_the_index_is_out_of_order_or_names_a_missing_file() {
    Map<String, String> files = new HashMap<>();
    files.put("db/cql/index.txt", "V0002__b.cql\nV0001__a.cql\n");
    files.put("db/cql/V0001__a.cql", "SELECT 1;");
    files.put("db/cql/V0002__b.cql", "SELECT 1;");
    assertThatThrownBy(() -> new SchemaMigrator("chat", LOCAL, files::get))
        .hasMessageContaining("increasing order");

    files.put("db/cql/index.txt", "V0001__a.cql\nV0003__c.cql\n");
    assertThatThrownBy(() -> new SchemaMigrator("chat", LOCAL, files::get))
        .hasMessageContaining("V0003__c.cql is listed in index.txt but missing");
  }

  @Test
  void should_read_the_real_migrations_from_the_classpath() {
    SchemaMigrator migrator = new SchemaMigrator("chat", LOCAL);

    assertThat(migrator.expectedVersion()).isPositive();
    assertThat(migrator.migrations().get(0).statements())
        .isNotEmpty()
        .allSatisfy(statement -> assertThat(statement).doesNotContain("${").doesNotEndWith(";"));
  }

  @Test
  void should_reject_invalid_keyspace_names() {
    assertThatThrownBy(() -> new SchemaMigrator("chat; DROP", LOCAL, Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_render_replication_as_cql() {
    assertThat(KeyspaceReplication.simple(1).toCql())
        .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
    assertThat(KeyspaceReplication.networkTopology(Map.of("dc2", 3, "dc1", 3)).toCql())
        .isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 3}");
    assertThatThrownBy(() -> KeyspaceReplication.networkTopology(Map.of("dc1", 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

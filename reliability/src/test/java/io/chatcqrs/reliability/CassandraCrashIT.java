package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cassandra SIGKILL + restart, on a Cassandra of its own (the shared one must not be killed: the
 * other suites' keyspaces live there), with the shared Kafka whatever it is (embedded, container or
 * external: nothing here stops Kafka). The kill under load is in the full suite only (two extra
 * Cassandra starts and a fault round); the schema probe runs in the short form too.
 */
@ChatInfraTest
class CassandraCrashIT {
  private static final String CMD =
      "mvn -B verify -pl reliability -am -Dreliability.full=true -Dit.test=CassandraCrashIT";
  private static final String PROBE_CMD =
      "mvn -B verify -pl reliability -am -Dit.test=CassandraCrashIT";

  @Test
  void acknowledged_commands_and_read_models_survive_cassandra_sigkill_and_restart(ChatInfra shared)
      throws Exception {
    Assumptions.assumeTrue(SharedSystem.FULL, "full suite only (-Dreliability.full=true)");
    try (DurableCassandraInfra infra =
        new DurableCassandraInfra(
            shared, SharedSystem.DIR.resolve("durable-cassandra"), List.of())) {
      SharedSystem system = new SharedSystem(infra, SharedSystem.DIR.resolve("crash-system"));
      try {
        FaultRound.run(
            system,
            "Cassandra SIGKILL + restart (own Cassandra, production durability)",
            () -> infra.cassandra().kill(),
            java.time.Duration.ofSeconds(3),
            () -> infra.cassandra().start(),
            CMD);
      } finally {
        system.close();
      }
    }
  }

  /**
   * Probe for the open question of RELIABILITY.md (a keyspace unreadable after a SIGKILL of the
   * shared Cassandra, which runs with {@code unsafesystem=true}) and for finding 7 (a keyspace that
   * survives without its tables): a migrated keyspace and a row in a read-model table written just
   * before the SIGKILL must all be there after the restart, read with a real SELECT.
   */
  @Test
  void a_keyspace_its_tables_and_a_row_written_just_before_a_sigkill_survive_with_the_shared_flags(
      ChatInfra shared) {
    try (DurableCassandraInfra infra =
        new DurableCassandraInfra(
            shared,
            SharedSystem.DIR.resolve("unsafe-cassandra"),
            List.of("-Dcassandra.unsafesystem=true"))) {
      ChatInfra.Isolation isolation = infra.isolate();
      String keyspace = isolation.keyspace();
      List<String> tables = tables(infra, keyspace);
      assertThat(tables).as("tables of the migrated keyspace").contains("chats");
      String chatId = "probe-" + UUID.randomUUID();
      Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      infra
          .session()
          .execute(
              "INSERT INTO "
                  + keyspace
                  + ".chats (chat_id, type, title, created_at, last_seq) VALUES"
                  + " (:chat_id, :type, :title, :created_at, :last_seq)",
              java.util.Map.<String, Object>of(
                  "chat_id",
                  chatId,
                  "type",
                  "group",
                  "title",
                  "written before the kill",
                  "created_at",
                  createdAt,
                  "last_seq",
                  42L));
      infra.cassandra().kill();
      infra.cassandra().start();
      // waits for the first SELECT that succeeds (the session reconnects to the restarted node),
      // then judges what it answered: an error (no such table) is retried until the bound
      Row row =
          org.awaitility.Awaitility.await("the probe row readable after restart")
              .atMost(Duration.ofSeconds(90))
              .ignoreExceptions()
              .until(
                  () ->
                      java.util.Optional.ofNullable(
                          infra
                              .session()
                              .execute(
                                  "SELECT title, created_at, last_seq FROM "
                                      + keyspace
                                      + ".chats WHERE chat_id = :chat_id",
                                  java.util.Map.<String, Object>of("chat_id", chatId))
                              .one()),
                  answered -> true)
              .orElse(null);
      List<String> after = tables(infra, keyspace);
      boolean survived =
          row != null
              && "written before the kill".equals(row.getString("title"))
              && createdAt.equals(row.getInstant("created_at"))
              && row.getLong("last_seq") == 42L
              && after.equals(tables);
      SharedSystem.report(
          "| Cassandra SIGKILL with the shared infra's -Dcassandra.unsafesystem=true (open question)"
              + " | keyspace, its "
              + tables.size()
              + " tables and a chats row written before the kill: "
              + (survived ? "all there after restart" : "tables after " + after + ", row " + row)
              + " | - | - | `"
              + PROBE_CMD
              + "` |");
      assertThat(after).as("tables of " + keyspace + " after SIGKILL").isEqualTo(tables);
      assertThat(row).as("the chats row written before the SIGKILL").isNotNull();
      assertThat(row.getString("title")).isEqualTo("written before the kill");
      assertThat(row.getInstant("created_at")).isEqualTo(createdAt);
      assertThat(row.getLong("last_seq")).isEqualTo(42L);
    }
  }

  private static List<String> tables(ChatInfra infra, String keyspace) {
    return infra
        .session()
        .execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = :keyspace",
            java.util.Map.<String, Object>of("keyspace", keyspace))
        .all()
        .stream()
        .map(r -> r.getString("table_name"))
        .sorted()
        .toList();
  }
}

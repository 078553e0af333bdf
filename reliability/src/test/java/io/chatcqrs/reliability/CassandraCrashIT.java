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

  /** {@code commitlog_sync_period} of the embedded Cassandra (infra's CassandraConfigFiles). */
  static final long COMMITLOG_SYNC_MS = 10_000;

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
   * The schema and data of a keyspace migrated just before a SIGKILL survive the restart, on a
   * Cassandra with production durability (the one the kill under load uses): the keyspace, every
   * table of it, and a row written into its {@code chats} table, read back with a real SELECT. A
   * check of the keyspace name in {@code system_schema} alone cannot catch finding 7's "keyspace
   * present, tables gone" (nor finding 6: listed there, yet "does not exist" to a query).
   *
   * <p>The kill comes one commitlog sync period after the write: the embedded Cassandra syncs its
   * commitlog every {@value #COMMITLOG_SYNC_MS} ms ({@code commitlog_sync: periodic}), and a write
   * acknowledged within that window before a SIGKILL is lost (finding 10); the probe tests what the
   * configuration promises, not that window.
   */
  @Test
  void a_keyspace_its_tables_and_a_row_written_just_before_a_sigkill_survive_the_restart(
      ChatInfra shared) {
    Probe probe = probe(shared, "durable-probe", List.of());
    assertThat(probe.keyspacePresent())
        .as("keyspace " + probe.keyspace() + " after SIGKILL")
        .isTrue();
    assertThat(probe.tablesAfter())
        .as("tables of " + probe.keyspace() + " after SIGKILL")
        .isEqualTo(probe.tablesBefore());
    assertThat(probe.rowError()).as("SELECT of the row written before the SIGKILL").isNull();
    assertThat(probe.row())
        .as("the chats row written before the SIGKILL")
        .isEqualTo(probe.written());
  }

  /** What one probe found: the keyspace, its tables before and after, the row written and read. */
  record Probe(
      String keyspace,
      boolean keyspacePresent,
      List<String> tablesBefore,
      List<String> tablesAfter,
      String written,
      String row,
      String rowError) {}

  /**
   * Migrates a keyspace on a Cassandra of its own started with {@code flags}, writes a chats row,
   * SIGKILLs and restarts it, then reads everything back (after the first query that succeeds).
   */
  static Probe probe(ChatInfra shared, String dir, List<String> flags) {
    try (DurableCassandraInfra infra =
        new DurableCassandraInfra(shared, SharedSystem.DIR.resolve(dir), flags)) {
      ChatInfra.Isolation isolation = infra.isolate();
      String keyspace = isolation.keyspace();
      List<String> before = tables(infra, keyspace);
      assertThat(before).as("tables of the migrated keyspace").contains("chats");
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
      String written = "written before the kill|" + createdAt + "|42";
      // a deliberate wait for the configured commitlog sync (see the test's javadoc)
      SharedSystem.hold(Duration.ofMillis(COMMITLOG_SYNC_MS + 2000));
      infra.cassandra().kill();
      infra.cassandra().start();
      // the session reconnects to the restarted node: wait for the first query that succeeds
      org.awaitility.Awaitility.await("Cassandra answering after the restart")
          .atMost(Duration.ofSeconds(90))
          .ignoreExceptions()
          .until(
              () ->
                  infra.session().execute("SELECT release_version FROM system.local").one()
                      != null);
      boolean present =
          infra
                  .session()
                  .execute(
                      "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = :ks",
                      java.util.Map.<String, Object>of("ks", keyspace))
                  .one()
              != null;
      List<String> after = tables(infra, keyspace);
      String row = null;
      String rowError = null;
      try {
        Row r =
            infra
                .session()
                .execute(
                    "SELECT title, created_at, last_seq FROM "
                        + keyspace
                        + ".chats WHERE chat_id = :chat_id",
                    java.util.Map.<String, Object>of("chat_id", chatId))
                .one();
        row =
            r == null
                ? null
                : r.getString("title")
                    + "|"
                    + r.getInstant("created_at")
                    + "|"
                    + r.getLong("last_seq");
      } catch (RuntimeException e) {
        rowError = e.toString();
      }
      Probe probe = new Probe(keyspace, present, before, after, written, row, rowError);
      SharedSystem.report(
          "| Cassandra SIGKILL just after a migration, flags "
              + flags
              + " | keyspace "
              + (present ? "present" : "GONE")
              + ", tables "
              + after.size()
              + " of "
              + before.size()
              + ", row "
              + (rowError != null ? "unreadable: " + rowError : row == null ? "GONE" : "as written")
              + " | - | - | `"
              + PROBE_CMD
              + "` |");
      return probe;
    }
  }

  private static List<String> tables(ChatInfra infra, String keyspace) {
    return infra
        .session()
        .execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = :ks",
            java.util.Map.<String, Object>of("ks", keyspace))
        .all()
        .stream()
        .map(r -> r.getString("table_name"))
        .sorted()
        .toList();
  }
}

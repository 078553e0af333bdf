package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cassandra SIGKILL + restart, on a Cassandra of its own (the shared one must not be killed: the
 * other suites' keyspaces live there). Full suite only: two extra Cassandra starts.
 */
@ChatInfraTest
class CassandraCrashIT {
  private static final String CMD =
      "mvn -B verify -pl reliability -am -Dreliability.full=true -Dit.test=CassandraCrashIT";

  @BeforeEach
  void fullOnly(ChatInfra infra) {
    Assumptions.assumeTrue(SharedSystem.FULL, "full suite only (-Dreliability.full=true)");
    Assumptions.assumeTrue(infra.embedded(), "needs the embedded Kafka");
  }

  @Test
  void acknowledged_commands_and_read_models_survive_cassandra_sigkill_and_restart(ChatInfra shared)
      throws Exception {
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

  @Test
  void a_keyspace_created_just_before_a_sigkill_survives_with_the_shared_infra_flags(
      ChatInfra shared) {
    // Probe for the open question of RELIABILITY.md (a keyspace unreadable after a SIGKILL of the
    // shared Cassandra, which runs with unsafesystem=true): did not reproduce it so far.
    try (DurableCassandraInfra infra =
        new DurableCassandraInfra(
            shared,
            SharedSystem.DIR.resolve("unsafe-cassandra"),
            List.of("-Dcassandra.unsafesystem=true"))) {
      ChatInfra.Isolation isolation = infra.isolate();
      infra.cassandra().kill();
      infra.cassandra().start();
      // waits for the first query that succeeds (the session reconnects to the restarted node),
      // then judges what it answered
      int rows =
          org.awaitility.Awaitility.await("schema readable after restart")
              .atMost(java.time.Duration.ofSeconds(60))
              .ignoreExceptions()
              .until(
                  () ->
                      infra
                          .session()
                          .execute(
                              "SELECT keyspace_name FROM system_schema.keyspaces WHERE"
                                  + " keyspace_name = ?",
                              isolation.keyspace())
                          .all()
                          .size(),
                  answered -> true);
      boolean survived = rows == 1;
      SharedSystem.report(
          "| Cassandra SIGKILL with the shared infra's -Dcassandra.unsafesystem=true (open question)"
              + " | keyspace created before the kill "
              + (survived ? "survived" : "is GONE after restart")
              + " | - | - | `"
              + CMD
              + "` |");
      assertThat(survived).as("keyspace " + isolation.keyspace() + " after SIGKILL").isTrue();
    }
  }
}

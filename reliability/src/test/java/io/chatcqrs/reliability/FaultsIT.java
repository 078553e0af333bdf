package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.reliability.process.ServiceProcess;
import io.chatcqrs.reliability.process.Signals;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults over real processes under a steady load, checked with the ledger method after each one.
 * The short form (what {@code mvn verify} runs) does one Kafka kill, one worker kill and one
 * Cassandra pause; it fails (does not skip) when the infrastructure is not the embedded one; {@code
 * -Dreliability.full=true} runs every fault of issue 7 (Cassandra SIGKILL is in {@link
 * CassandraCrashIT}, on a Cassandra of its own).
 */
@ChatInfraTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
  private static final String FULL_CMD =
      "mvn -B verify -pl reliability -am -Dreliability.full=true -Dit.test=FaultsIT";
  private static final String SHORT_CMD = "mvn -B verify -pl reliability -am -Dit.test=FaultsIT";
  private static SharedSystem system;
  private static ChatInfra infra;

  @BeforeAll
  static void start(ChatInfra chatInfra) {
    // fails rather than skips: a fault suite that silently did not run proves nothing
    assertThat(chatInfra.embedded())
        .as(
            "FaultsIT kills and pauses Kafka and Cassandra, so it needs the embedded ones this test"
                + " JVM starts itself: run it without KAFKA_BOOTSTRAP_SERVERS and"
                + " CASSANDRA_CONTACT_POINTS (with a Docker engine present, also with"
                + " -Dchat.infra=embedded)")
        .isTrue();
    infra = chatInfra;
    system = SharedSystem.get(chatInfra);
  }

  private static int times() {
    return SharedSystem.FULL ? 3 : 1;
  }

  private static String cmd() {
    return SharedSystem.FULL ? FULL_CMD : SHORT_CMD;
  }

  @Test
  @Order(1)
  void acknowledged_commands_survive_kafka_broker_sigkill_and_restart() throws Exception {
    for (int i = 1; i <= times(); i++) {
      FaultRound.run(
          system,
          "Kafka broker SIGKILL + restart (" + i + "/" + times() + ")",
          () -> infra.kafka().kill(),
          Duration.ofSeconds(5),
          () -> infra.kafka().start(),
          cmd());
    }
  }

  @Test
  @Order(2)
  void projection_worker_sigkill_and_restart_loses_and_duplicates_nothing() throws Exception {
    ServiceProcess worker = system.services.worker();
    for (int i = 1; i <= times(); i++) {
      FaultRound.run(
          system,
          "projection worker SIGKILL + restart (" + i + "/" + times() + ")",
          worker::kill,
          Duration.ofSeconds(3),
          worker::start,
          cmd());
    }
  }

  @Test
  @Order(3)
  void cassandra_paused_for_10_seconds_gives_fast_503s_and_stale_reads_then_converges()
      throws Exception {
    FaultRound.run(
        system,
        "Cassandra SIGSTOP 10 s + SIGCONT",
        () -> Signals.pause(infra.cassandra().pid()),
        Duration.ofSeconds(10),
        () -> Signals.resume(infra.cassandra().pid()),
        cmd());
  }

  @Test
  @Order(4)
  void projection_worker_frozen_beyond_its_transaction_timeout_is_fenced_and_recovers()
      throws Exception {
    Assumptions.assumeTrue(SharedSystem.FULL, "full suite only (-Dreliability.full=true)");
    ServiceProcess worker = system.services.worker();
    FaultRound.run(
        system,
        "projection worker SIGSTOP 16 s (transaction timeout 10 s) + SIGCONT",
        worker::pause,
        Duration.ofSeconds(16),
        () -> {
          worker.resume();
          await("worker ready again").atMost(Duration.ofSeconds(90)).until(worker::healthy);
        },
        FULL_CMD);
  }

  @Test
  @Order(6)
  void with_two_workers_the_survivor_takes_over_when_one_is_killed() throws Exception {
    Assumptions.assumeTrue(SharedSystem.FULL, "full suite only (-Dreliability.full=true)");
    ServiceProcess first = system.services.worker();
    ServiceProcess second =
        system.services.workers().size() > 1
            ? system.services.workers().get(1)
            : system.services.addWorker();
    second.start();
    try {
      FaultRound.run(
          system,
          "two workers, one SIGKILLed, the other takes over (no restart)",
          first::kill,
          Duration.ofSeconds(10),
          () -> assertThat(second.isAlive()).isTrue(),
          FULL_CMD);
    } finally {
      first.start();
      second.close();
    }
  }
}

package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.infra.process.ChildJvm;
import io.chatcqrs.infra.provision.Provisioner;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.app.ProjectionWorkers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restarted projection resumes within seconds, with the clients' default 45 s session timeouts:
 * after a graceful stop (as {@code ./chat up}'s Ctrl-C does) because both parts leave their
 * consumer groups, and after a SIGKILL because the stable {@code projection.instance.id} (static
 * membership) lets the successor take the dead member's place at once and the stable transactional
 * ids (state dir) fence the dead producer's open transaction at once.
 */
@ExtendWith(ChatInfraExtension.class)
class RestartIT {
  /**
   * How long a restarted worker may take to be ready (after a kill it restores its wiped stores
   * from the changelogs first); the stall this guards against is the 45 s session timeout.
   */
  private static final Duration READY_WITHIN = Duration.ofSeconds(25);

  /** The promise: a message sent after the restart is readable this soon. */
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

  @Test
  void a_message_sent_right_after_a_graceful_restart_is_visible_within_5_s(ChatInfra infra)
      throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config =
        Workers.productionTimeouts(Workers.config(infra, iso, "graceful", Map.of()));
    ReadModelProbe probe = new ReadModelProbe(infra.session(), iso.keyspace());
    Workload w = new Workload();

    ProjectionWorkers first = Workers.inProcess(config);
    try {
      awaitReady(first, Duration.ofSeconds(90));
      Workers.send(infra, iso, w.group("g", "alice", "bob"), w.send("g", "alice", "m1"));
      await("first run projects").atMost(Duration.ofSeconds(30)).until(() -> visible(probe, 1));
    } finally {
      long t = System.nanoTime();
      first.close();
      System.out.printf("RestartIT graceful: close took %d ms%n", millisSince(t));
    }

    restartAndSend(infra, iso, config, probe, w, 2);
  }

  @Test
  void a_message_sent_right_after_a_restart_that_follows_a_kill_is_visible_within_5_s(
      ChatInfra infra) throws Exception {
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config = new HashMap<>(Workers.config(infra, iso, "killed", Map.of()));
    config.put("projection.instance.id", iso.topicPrefix() + "worker-0");
    config = Workers.productionTimeouts(config);
    ReadModelProbe probe = new ReadModelProbe(infra.session(), iso.keyspace());
    Workload w = new Workload();

    ChildJvm victim = Workers.childProcess(config, iso.topicPrefix() + "killed");
    try {
      Workers.send(infra, iso, w.group("g", "alice", "bob"), w.send("g", "alice", "m1"));
      await("the child projects")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(victim.isAlive()).as(victim.logTail(30)).isTrue();
                assertThat(visible(probe, 1)).isTrue();
              });
    } catch (Exception | AssertionError e) {
      victim.kill();
      throw e;
    }
    int sent = killInsideATransaction(infra, iso, victim, w);
    System.out.printf("RestartIT after kill: %d messages sent before the kill%n", sent);
    assertThat(victim.isAlive()).isFalse();

    restartAndSend(infra, iso, config, probe, w, sent + 1);
  }

  /**
   * Sends a message every 10 ms until the worker's transaction writes to chat.sequenced.v1, then
   * kills the worker (SIGKILL) inside that open transaction; returns the number of the last message
   * sent.
   */
  private static int killInsideATransaction(
      ChatInfra infra, ChatInfra.Isolation iso, ChildJvm victim, Workload w) throws Exception {
    AtomicInteger last = new AtomicInteger(1);
    AtomicBoolean stop = new AtomicBoolean();
    Thread trickle =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  int n = last.get() + 1;
                  Workers.send(infra, iso, w.send("g", "alice", "m" + n));
                  last.set(n);
                  Thread.sleep(10);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "trickle");
    try (Admin admin = Provisioner.admin(infra.bootstrapServers())) {
      trickle.start();
      await("the worker has a transaction open on chat.sequenced.v1")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> openOnSequenced(admin, iso));
      victim.kill();
    } finally {
      stop.set(true);
      trickle.join(10_000);
      victim.kill();
    }
    return last.get();
  }

  private static boolean openOnSequenced(Admin admin, ChatInfra.Isolation iso) throws Exception {
    List<String> ids =
        admin.listTransactions().all().get().stream()
            .map(TransactionListing::transactionalId)
            .filter(id -> id.startsWith(iso.topicPrefix()))
            .toList();
    return admin.describeTransactions(ids).all().get().values().stream()
        .anyMatch(
            d ->
                d.state() == TransactionState.ONGOING
                    && d.topicPartitions().stream()
                        .anyMatch(tp -> tp.topic().equals(iso.topics().chatSequenced())));
  }

  /**
   * Starts a successor with {@code config}, waits until it is ready (bounded by {@link
   * #READY_WITHIN}), sends message number {@code n} and expects it readable within {@link
   * #VISIBLE_WITHIN}.
   */
  private static void restartAndSend(
      ChatInfra infra,
      ChatInfra.Isolation iso,
      Map<String, Object> config,
      ReadModelProbe probe,
      Workload w,
      int n)
      throws Exception {
    long started = System.nanoTime();
    try (ProjectionWorkers second = Workers.inProcess(config)) {
      awaitReady(second, Duration.ofSeconds(90));
      long readyMs = millisSince(started);
      long sent = System.nanoTime();
      Workers.send(infra, iso, w.send("g", "alice", "m" + n));
      await("message " + n + " visible after the restart")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> visible(probe, n));
      long visibleMs = millisSince(sent);
      System.out.printf(
          "RestartIT %s: successor ready %d ms after start, message visible %d ms after send%n",
          config.containsKey("projection.instance.id") ? "after kill" : "graceful",
          readyMs,
          visibleMs);
      assertThat(Duration.ofMillis(readyMs)).isLessThan(READY_WITHIN);
      assertThat(Duration.ofMillis(visibleMs)).isLessThan(VISIBLE_WITHIN);
    }
  }

  private static boolean visible(ReadModelProbe probe, int n) {
    return probe.visible("g", "alice", "m" + n, "bob", n);
  }

  private static void awaitReady(ProjectionWorkers workers, Duration atMost) {
    await("workers ready: " + workers.status())
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(workers::isHealthy);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}

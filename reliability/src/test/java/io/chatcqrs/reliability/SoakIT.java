package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import io.chatcqrs.reliability.check.LedgerCheck;
import io.chatcqrs.reliability.load.LedgerEntry;
import io.chatcqrs.reliability.load.LoadDriver;
import io.chatcqrs.reliability.load.Workload;
import io.chatcqrs.reliability.soak.Flatness;
import io.chatcqrs.reliability.soak.MetricsSampler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The soak profile: measure the maximum sustained rate (closed loop, 8 concurrent senders), then
 * run the mixed load at half of it for {@code -Dsoak.minutes} (1 in {@code mvn verify}, 10 for the
 * documented profile), sampling every 5 s; heap, process memory, consumer lag and command latency
 * must stay flat and nothing acknowledged may be lost.
 */
@ChatInfraTest
class SoakIT {

  @Test
  void half_the_max_sustained_rate_keeps_heap_lag_and_latency_flat(ChatInfra infra)
      throws Exception {
    SharedSystem system = SharedSystem.get(infra);
    int minutes = Integer.getInteger("soak.minutes", 1);
    double max = probeMaxRate(system, Duration.ofSeconds(minutes >= 5 ? 30 : 10));
    double rate = Math.max(5, max / 2);
    List<MetricsSampler.Sample> samples = new ArrayList<>();
    List<Double> latency = new ArrayList<>();
    LoadDriver driver = new LoadDriver(system.api, system.ledger, system.workload, 99, "soak");
    Instant start = Instant.now();
    try (MetricsSampler sampler = new MetricsSampler(system.services, infra.bootstrapServers())) {
      driver.start(rate);
      Instant end = start.plus(Duration.ofMinutes(minutes));
      Instant windowStart = start;
      while (Instant.now().isBefore(end)) {
        SharedSystem.hold(Duration.ofSeconds(5));
        samples.add(sampler.sample());
        Instant now = Instant.now();
        List<Long> millis =
            system.ledger.sentBetween(windowStart, now.minusSeconds(1)).stream()
                .filter(LedgerEntry::acknowledged)
                .map(LedgerEntry::millis)
                .sorted()
                .toList();
        if (!millis.isEmpty()) {
          latency.add((double) millis.get(millis.size() / 2));
        }
        windowStart = now.minusSeconds(1);
      }
    } finally {
      driver.stop();
    }
    Duration converge = system.check.awaitConverged(system.workload.users(), Duration.ofMinutes(3));
    var state = system.check.last();
    List<LedgerEntry> soaked = system.ledger.sentBetween(start, Instant.now());
    LedgerCheck.Result ledger =
        LedgerCheck.check(
            soaked,
            state.topic(),
            system.check.awaitVerdicts(soaked, Duration.ofSeconds(60)),
            state.reference(),
            system.check.store(),
            FaultRound.MAX_ERROR_MILLIS);
    List<Flatness.Verdict> verdicts =
        List.of(
            Flatness.judge(
                "command-api heap bytes",
                MetricsSampler.series(samples, MetricsSampler.Sample::commandHeap),
                2.0,
                48e6),
            Flatness.judge(
                "query-api heap bytes",
                MetricsSampler.series(samples, MetricsSampler.Sample::queryHeap),
                2.0,
                48e6),
            Flatness.judge(
                "projection worker RSS bytes",
                MetricsSampler.series(samples, MetricsSampler.Sample::workerRss),
                1.5,
                64e6),
            Flatness.judge(
                "consumer lag records",
                MetricsSampler.series(samples, MetricsSampler.Sample::lag),
                3.0,
                300),
            Flatness.judge("command median latency ms", latency, 3.0, 25));
    SharedSystem.report(
        String.format(
            "| soak %d min at %.0f req/s (max sustained sends %.0f/s) | %s; %d commands acked, %d"
                + " refused, %d unanswered; converged %d s after the load stopped | %d lost | - |"
                + " `mvn -B verify -pl reliability -am -Dit.test=SoakIT -Dsoak.minutes=%d` |",
            minutes,
            rate,
            max,
            verdicts,
            ledger.acknowledged(),
            ledger.refused(),
            ledger.unanswered(),
            converge.toSeconds(),
            ledger.violations().stream().filter(v -> v.startsWith("LOST")).count(),
            minutes));
    assertThat(ledger.violations()).as("ledger violations in the soak").isEmpty();
    assertThat(ledger.answerViolations()).as("answer violations in the soak").isEmpty();
    assertThat(verdicts).allMatch(Flatness.Verdict::flat, "every series flat");
  }

  /** Closed loop: 8 senders send back to back for {@code duration}; acknowledged sends per s. */
  private static double probeMaxRate(SharedSystem system, Duration duration) throws Exception {
    Instant start = Instant.now();
    LoadDriver sender = new LoadDriver(system.api, system.ledger, system.workload, 5, "probe");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long deadline = System.nanoTime() + duration.toNanos();
    List<Workload.ChatState> chats = system.workload.chats();
    List<java.util.concurrent.Future<?>> senders = new java.util.ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      senders.add(
          pool.submit(
              () -> {
                int n = 0;
                while (System.nanoTime() < deadline) {
                  Workload.ChatState chat = chats.get((thread * 7 + n) % chats.size());
                  n++;
                  sender.send(chat, firstMember(chat), "probe" + thread + "-" + n).join();
                }
              }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS)).isTrue();
    for (java.util.concurrent.Future<?> done : senders) {
      done.get(); // a sender that failed would otherwise only lower the measured rate, silently
    }
    long acked =
        system.ledger.sentBetween(start, Instant.now()).stream()
            .filter(e -> e.acknowledged() && e.clientMsgId() != null)
            .filter(e -> e.clientMsgId().startsWith("probe"))
            .count();
    double max = acked / (double) duration.toSeconds();
    SharedSystem.report(
        String.format("max sustained rate probe: %.1f sends/s (8 closed-loop senders)", max));
    return max;
  }

  private static String firstMember(Workload.ChatState chat) {
    return chat.members().iterator().next();
  }
}

package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.reliability.check.LedgerCheck;
import io.chatcqrs.reliability.check.SystemCheck;
import io.chatcqrs.reliability.check.Verdicts;
import io.chatcqrs.reliability.load.LedgerEntry;
import io.chatcqrs.reliability.load.LoadDriver;
import io.chatcqrs.reliability.load.ReadSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One fault under load, then the checks: steady load, inject, hold, recover, more load, stop the
 * load, retry what got no acknowledgement (same client_msg_id, as a client would), wait for the
 * read models to converge to the reference rebuilt from the topic and for a verdict on every
 * acknowledged command, then hold the ledger against them.
 */
final class FaultRound {
  static final double RATE = 25;

  /**
   * The bound the suite enforces on error answers: the contract's 5 s (the command API fails an
   * append after 3.5 s; {@code -Dreliability.max-error-ms} changes the bound).
   */
  static final long MAX_ERROR_MILLIS = Long.getLong("reliability.max-error-ms", 5000);

  private static int rounds;

  private FaultRound() {}

  /** Runs the fault and asserts every promise; returns nothing, reports a row. */
  static void run(
      SharedSystem system,
      String name,
      Runnable inject,
      Duration hold,
      Runnable recover,
      String reproduce)
      throws Exception {
    rounds++;
    LoadDriver driver =
        new LoadDriver(system.api, system.ledger, system.workload, 1000L + rounds, "r" + rounds);
    Instant roundStart = Instant.now();
    Instant faultStart;
    Instant recovered;
    long recoverMillis;
    driver.start(RATE);
    try {
      SharedSystem.hold(Duration.ofSeconds(4));
      faultStart = Instant.now();
      inject.run();
      SharedSystem.hold(hold);
      long t = System.nanoTime();
      recover.run();
      recoverMillis = (System.nanoTime() - t) / 1_000_000;
      recovered = Instant.now();
      SharedSystem.hold(Duration.ofSeconds(4));
    } finally {
      driver.stop();
    }
    Instant loadStopped = Instant.now();
    int retried = retryUnacknowledgedSends(system, roundStart);
    long retrySec = Duration.between(loadStopped, Instant.now()).toSeconds();
    Duration converge = system.check.awaitConverged(system.workload.users(), Duration.ofMinutes(3));
    SystemCheck.State state = system.check.last();
    long convergenceSec = Duration.between(recovered, Instant.now()).toSeconds();
    Verdicts verdicts =
        system.check.awaitVerdicts(system.ledger.commands(), Duration.ofSeconds(60));
    LedgerCheck.Result ledger =
        LedgerCheck.check(
            system.ledger.commands(),
            state.topic(),
            verdicts,
            state.reference(),
            system.check.store(),
            MAX_ERROR_MILLIS);
    LedgerCheck.Result round =
        LedgerCheck.check(
            system.ledger.sentBetween(roundStart, Instant.now()),
            state.topic(),
            verdicts,
            state.reference(),
            system.check.store(),
            MAX_ERROR_MILLIS);
    List<LedgerEntry> during = system.ledger.sentBetween(faultStart, recovered);
    List<ReadSample> reads = system.ledger.readsBetween(faultStart, recovered.plusSeconds(4));
    List<String> readViolations = LedgerCheck.checkReads(reads, MAX_ERROR_MILLIS);
    long readsOverContract =
        reads.stream()
            .filter(r -> r.status() >= 500 && r.millis() > LedgerCheck.CONTRACT_MILLIS)
            .count();
    long acked = during.stream().filter(LedgerEntry::acknowledged).count();
    long refused503 = during.stream().filter(e -> e.status() == 503).count();
    long maxErr =
        during.stream()
            .filter(e -> e.status() >= 500)
            .mapToLong(LedgerEntry::millis)
            .max()
            .orElse(0);
    long stale = reads.stream().filter(ReadSample::stale).count();
    long reads503 = reads.stream().filter(r -> r.status() == 503).count();
    long lost = ledger.violations().stream().filter(v -> v.startsWith("LOST")).count();
    SharedSystem.report(
        String.format(
            "| %s | during fault: %d commands acked, %d answered 503 (slowest error %d ms, %d"
                + " command and %d query errors over 5 s), %d unanswered; queries: %d ok (%d stale-marked), %d 503; %d unacknowledged"
                + " sends retried with the same client_msg_id; whole run so far: %d acked, %d"
                + " ambiguous-but-applied (503 or no answer, yet written), %d acked duplicates, %d topic events, %d duplicate"
                + " appends (503 although durable, then retried: deduplicated, shown once) | %d |"
                + " restart/resume %d ms | %d s after recovery; retries %d s, then read models equal in %d s | `%s` |",
            name,
            acked,
            refused503,
            maxErr,
            round.overContract(),
            readsOverContract,
            during.stream().filter(LedgerEntry::unanswered).count(),
            reads.size() - reads503,
            stale,
            reads503,
            retried,
            ledger.acknowledged(),
            ledger.ambiguousDurable(),
            ledger.duplicates(),
            state.topic().events().size(),
            state.topic().duplicateSends(),
            lost,
            recoverMillis,
            convergenceSec,
            retrySec,
            converge.toSeconds(),
            reproduce));
    if (driver.skipped() > 0) {
      SharedSystem.report(name + ": driver skipped " + driver.skipped() + " ticks (256 in flight)");
    }
    List<String> all = new ArrayList<>(ledger.violations());
    all.addAll(round.answerViolations());
    all.addAll(readViolations);
    all.forEach(v -> SharedSystem.report(name + " VIOLATION " + v));
    assertThat(state.topic().undecodable()).as("undecodable records in chat.events.v1").isZero();
    assertThat(all).as("ledger and API-answer violations of " + name).isEmpty();
  }

  /**
   * Resends, all at once and again every second until each is answered for good (60 s bound), every
   * send of this round that got a 503 or no answer: same client_msg_id, as a client would. A send
   * whose sender has left the chat since is not retried (a client would not either: the retry would
   * be refused, or, appended before the command side learnt of the leave, rejected); whether the
   * first attempt was written is then judged by the ledger as for any 503.
   */
  private static int retryUnacknowledgedSends(SharedSystem system, Instant since) {
    List<LedgerEntry> failed =
        system.ledger.commands(
            e ->
                e.op().equals("send")
                    && !e.acknowledged()
                    && !e.sentAt().isBefore(since)
                    && (e.status() == 503 || e.unanswered())
                    && system.workload.chat(e.chatId()).members().contains(e.user()));
    LoadDriver retry = new LoadDriver(system.api, system.ledger, system.workload, 1, "retry");
    List<LedgerEntry> pending = new ArrayList<>(failed);
    await("retries of " + failed.size() + " unacknowledged sends")
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              pending.removeIf(e -> settled(system, e));
              java.util.concurrent.CompletableFuture.allOf(
                      pending.stream()
                          .map(
                              e ->
                                  retry.send(
                                      system.workload.chat(e.chatId()), e.user(), e.clientMsgId()))
                          .toArray(java.util.concurrent.CompletableFuture[]::new))
                  .join();
              pending.removeIf(e -> settled(system, e));
              return pending.isEmpty();
            });
    return failed.size();
  }

  private static boolean settled(SharedSystem system, LedgerEntry failed) {
    return system.ledger.commands().stream()
        .anyMatch(
            x ->
                failed.clientMsgId().equals(x.clientMsgId())
                    && (x.acknowledged() || (x.status() >= 400 && x.status() < 500)));
  }
}

package io.chatcqrs.reliability.load;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * The ledger: every command sent and every query made, with the API's answer. Thread-safe; entries
 * are never removed, so checks see the whole run.
 */
public final class Ledger {
  private final ConcurrentLinkedQueue<LedgerEntry> commands = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ReadSample> reads = new ConcurrentLinkedQueue<>();

  public void record(LedgerEntry entry) {
    commands.add(entry);
  }

  public void record(ReadSample sample) {
    reads.add(sample);
  }

  /** Every command so far, in the order answers arrived. */
  public List<LedgerEntry> commands() {
    return List.copyOf(commands);
  }

  /** Commands matching {@code filter}. */
  public List<LedgerEntry> commands(Predicate<LedgerEntry> filter) {
    return commands.stream().filter(filter).toList();
  }

  /** Commands sent in [{@code from}, {@code to}). */
  public List<LedgerEntry> sentBetween(Instant from, Instant to) {
    return commands(e -> !e.sentAt().isBefore(from) && e.sentAt().isBefore(to));
  }

  /** Queries sent in [{@code from}, {@code to}). */
  public List<ReadSample> readsBetween(Instant from, Instant to) {
    return reads.stream()
        .filter(r -> !r.sentAt().isBefore(from) && r.sentAt().isBefore(to))
        .toList();
  }
}

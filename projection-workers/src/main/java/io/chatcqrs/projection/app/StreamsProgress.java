package io.chatcqrs.projection.app;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Follows a Kafka Streams client's state (install it as its state listener before {@code start})
 * and says whether the client can make progress: only once it has reached RUNNING, which it does
 * after its first rebalance has completed and its assigned tasks are restored, not merely because
 * it was started. Afterwards a rebalance counts as progress for at most {@code rebalanceGrace};
 * ERROR, PENDING_ERROR, PENDING_SHUTDOWN and NOT_RUNNING never do.
 */
final class StreamsProgress implements KafkaStreams.StateListener {
  private final Duration rebalanceGrace;
  private final LongSupplier nanoClock;
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private volatile long sinceNanos;
  private volatile boolean wasRunning;

  StreamsProgress(Duration rebalanceGrace, LongSupplier nanoClock) {
    this.rebalanceGrace = rebalanceGrace;
    this.nanoClock = nanoClock;
    this.sinceNanos = nanoClock.getAsLong();
  }

  @Override
  public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    sinceNanos = nanoClock.getAsLong();
    if (newState == KafkaStreams.State.RUNNING) {
      wasRunning = true;
    }
    state = newState;
  }

  /** The state last reported. */
  KafkaStreams.State state() {
    return state;
  }

  /**
   * Whether the client stopped for good: ERROR, PENDING_ERROR, or PENDING_SHUTDOWN / NOT_RUNNING
   * (the owner tells apart a shutdown it asked for).
   */
  boolean stopped() {
    return switch (state) {
      case ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING -> true;
      default -> false;
    };
  }

  /** Whether the client can make progress now; {@code tasks} is added to the detail. */
  PartStatus status(String tasks) {
    KafkaStreams.State s = state;
    Duration in = Duration.ofNanos(nanoClock.getAsLong() - sinceNanos);
    String detail = s + " for " + in.toSeconds() + " s, " + tasks;
    boolean ready =
        switch (s) {
          case RUNNING -> true;
          case REBALANCING -> wasRunning && in.compareTo(rebalanceGrace) < 0;
          default -> false;
        };
    if (!ready && s == KafkaStreams.State.REBALANCING) {
      detail +=
          wasRunning
              ? ", rebalancing longer than " + rebalanceGrace.toSeconds() + " s"
              : ", waiting for its first assignment";
    }
    return new PartStatus("streams", ready, detail);
  }
}

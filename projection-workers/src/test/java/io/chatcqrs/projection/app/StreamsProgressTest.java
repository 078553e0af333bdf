package io.chatcqrs.projection.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsProgressTest {
  private final AtomicLong now = new AtomicLong();
  private final StreamsProgress progress = new StreamsProgress(Duration.ofSeconds(30), now::get);

  @Test
  void a_started_client_is_not_ready_before_its_first_rebalance_completes() {
    assertThat(progress.status("0 active tasks").ready()).isFalse();
    progress.onChange(State.REBALANCING, State.CREATED);
    advance(Duration.ofSeconds(1));
    PartStatus waiting = progress.status("0 active tasks");
    assertThat(waiting.ready()).isFalse();
    assertThat(waiting.detail()).contains("REBALANCING", "waiting for its first assignment");

    progress.onChange(State.RUNNING, State.REBALANCING);
    assertThat(progress.status("6 active tasks"))
        .isEqualTo(new PartStatus("streams", true, "RUNNING for 0 s, 6 active tasks"));
  }

  @Test
  void a_later_rebalance_counts_as_progress_only_within_the_grace_period() {
    progress.onChange(State.REBALANCING, State.CREATED);
    progress.onChange(State.RUNNING, State.REBALANCING);
    progress.onChange(State.REBALANCING, State.RUNNING);
    advance(Duration.ofSeconds(29));
    assertThat(progress.status("").ready()).isTrue();
    advance(Duration.ofSeconds(1));
    PartStatus stuck = progress.status("");
    assertThat(stuck.ready()).isFalse();
    assertThat(stuck.detail()).contains("rebalancing longer than 30 s");
  }

  @Test
  void a_failed_or_stopping_client_is_never_ready() {
    progress.onChange(State.REBALANCING, State.CREATED);
    progress.onChange(State.RUNNING, State.REBALANCING);
    for (State s :
        new State[] {State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN, State.NOT_RUNNING}) {
      progress.onChange(s, State.RUNNING);
      assertThat(progress.status("").ready()).as(s.name()).isFalse();
      assertThat(progress.state()).isEqualTo(s);
    }
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}

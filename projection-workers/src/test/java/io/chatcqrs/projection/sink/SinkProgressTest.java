package io.chatcqrs.projection.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SinkProgressTest {
  private final AtomicLong now = new AtomicLong();
  private final SinkProgress progress = new SinkProgress(3, Duration.ofSeconds(30), now::get);

  @Test
  void not_ready_while_resolving_epochs_with_that_as_the_reason() {
    progress.resolving();
    progress.resolveFailed(new IllegalStateException("no cassandra"));

    SinkStatus s = progress.status(true, null);

    assertThat(s.ready()).isFalse();
    assertThat(s.detail()).startsWith("resolving topic epochs").contains("no cassandra");
  }

  @Test
  void ready_once_assigned_and_not_after_three_failed_batches_in_a_row() {
    progress.consuming();
    assertThat(progress.status(true, null).detail())
        .isEqualTo("consumer waiting for its assignment");
    progress.assigned(true);
    assertThat(progress.status(true, null).ready()).isTrue();

    progress.batchStarted();
    progress.batchFailed(new RuntimeException("write timeout"));
    progress.batchStarted();
    progress.batchFailed(new RuntimeException("write timeout"));
    assertThat(progress.status(true, null).ready()).isTrue();
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    progress.batchStarted();
    progress.batchFailed(new RuntimeException("write timeout"));

    SinkStatus failing = progress.status(true, null);
    assertThat(failing.ready()).isFalse();
    assertThat(failing.detail())
        .isEqualTo(
            "3 batches failed in a row, for 4 s, retrying; last failure:"
                + " java.lang.RuntimeException: write timeout");

    progress.batchStarted();
    progress.batchSucceeded();
    assertThat(progress.status(true, null).ready()).isTrue();
  }

  @Test
  void not_ready_while_one_batch_writes_longer_than_the_limit() {
    progress.consuming();
    progress.assigned(true);
    progress.batchStarted();
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(progress.status(true, null).ready()).isTrue();
    now.addAndGet(Duration.ofSeconds(1).toNanos());

    SinkStatus stuck = progress.status(true, null);

    assertThat(stuck.ready()).isFalse();
    assertThat(stuck.detail()).isEqualTo("a batch has been writing for 31 s");
  }

  @Test
  void not_ready_once_the_thread_stopped() {
    progress.consuming();
    progress.assigned(true);

    SinkStatus s = progress.status(false, new IllegalStateException("boom"));

    assertThat(s.ready()).isFalse();
    assertThat(s.detail()).isEqualTo("sink thread stopped: java.lang.IllegalStateException: boom");
  }
}

package io.chatcqrs.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.query.ops.GroupFeedHealthCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FeedProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final FeedProgress progress = new FeedProgress(now::get);
  private final GroupFeedHealthCheck check =
      new GroupFeedHealthCheck(progress, Duration.ofSeconds(30));

  @Test
  void should_be_down_until_started_then_up_while_rounds_complete() {
    assertThat(check.check().failed()).isTrue();
    assertThat(check.check().cause()).hasMessage("feed not started");

    progress.started();
    assertThat(check.check().succeeded()).isTrue();
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    progress.round();
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(check.check().succeeded()).isTrue();
  }

  @Test
  void should_be_down_after_a_stall_and_up_again_after_the_next_round() {
    progress.started();
    now.addAndGet(Duration.ofSeconds(31).toNanos());

    assertThat(check.check().failed()).isTrue();
    assertThat(check.check().cause().getMessage()).startsWith("feed made no progress for 31000");
    assertThat(progress.sinceLastRound()).isEqualTo(Duration.ofSeconds(31));
    progress.round();
    assertThat(check.check().succeeded()).isTrue();
  }

  @Test
  void should_stay_down_once_the_feed_stopped_on_an_error() {
    progress.started();
    progress.failed(new IllegalStateException("boom"));

    assertThat(check.check().cause()).hasMessage("feed stopped: IllegalStateException: boom");
    progress.round();
    assertThat(check.check().failed()).isTrue();
  }
}

package io.chatcqrs.projection.app;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplacementBudgetTest {
  private final AtomicLong now = new AtomicLong();
  private final ReplacementBudget budget =
      new ReplacementBudget(3, Duration.ofMinutes(1), now::get);

  @Test
  void replaces_up_to_the_budget_then_shuts_the_client_down() {
    assertThat(budget.onFailure()).isEqualTo(REPLACE_THREAD);
    assertThat(budget.onFailure()).isEqualTo(REPLACE_THREAD);
    assertThat(budget.onFailure()).isEqualTo(REPLACE_THREAD);
    assertThat(budget.onFailure()).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void failures_older_than_the_window_do_not_count() {
    for (int i = 0; i < 10; i++) {
      assertThat(budget.onFailure()).isEqualTo(REPLACE_THREAD);
      now.addAndGet(Duration.ofSeconds(21).toNanos());
    }
  }
}

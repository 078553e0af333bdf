package io.chatcqrs.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionTest {
  private static final String MINE = "fingerprint-of-this-request";
  private static final ClaimOutcome.StoredAnswer FIRST =
      new ClaimOutcome.StoredAnswer(201, "{\"chat_id\":\"g1\",\"position\":\"MDox\"}");

  @Test
  void should_run_the_command_when_the_key_was_free() {
    UUID claim = UUID.randomUUID();
    assertThat(Decision.of(new ClaimOutcome.Claimed(claim), MINE))
        .isEqualTo(new Decision.Execute(claim));
  }

  @Test
  void should_replay_the_first_answer_of_the_same_request() {
    assertThat(Decision.of(new ClaimOutcome.Taken(MINE, Optional.of(FIRST)), MINE))
        .isEqualTo(new Decision.Replay(FIRST));
  }

  @Test
  void should_answer_409_while_the_same_request_is_in_flight() {
    assertThat(Decision.of(new ClaimOutcome.Taken(MINE, Optional.empty()), MINE))
        .isInstanceOf(Decision.InFlight.class);
    assertThat(Decision.of(new ClaimOutcome.Taken(null, Optional.empty()), MINE))
        .isInstanceOf(Decision.InFlight.class);
  }

  @Test
  void should_answer_422_for_another_request_answered_or_not() {
    assertThat(Decision.of(new ClaimOutcome.Taken("other", Optional.of(FIRST)), MINE))
        .isInstanceOf(Decision.Mismatch.class);
    assertThat(Decision.of(new ClaimOutcome.Taken("other", Optional.empty()), MINE))
        .isInstanceOf(Decision.Mismatch.class);
  }
}

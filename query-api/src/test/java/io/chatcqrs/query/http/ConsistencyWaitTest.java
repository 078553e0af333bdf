package io.chatcqrs.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsistencyWaitTest {
  @Test
  void should_never_call_a_stale_answer_consistent() {
    assertThat(Consistency.Wait.REACHED.header(false)).hasValue("true");
    assertThat(Consistency.Wait.REACHED.header(true)).hasValue("false");
    assertThat(Consistency.Wait.TIMED_OUT.header(false)).hasValue("false");
    assertThat(Consistency.Wait.TIMED_OUT.header(true)).hasValue("false");
  }

  @Test
  void should_say_nothing_without_a_position() {
    assertThat(Consistency.Wait.NONE.header(false)).isEmpty();
    assertThat(Consistency.Wait.NONE.header(true)).isEmpty();
  }
}

package io.chatcqrs.platform.position;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PositionTest {
  @Test
  void should_round_trip_partition_and_offset() {
    Position position = new Position(3, 42);

    assertThat(position.encode()).isEqualTo("Mzo0Mg");
    assertThat(Position.decode(position.encode())).isEqualTo(position);
    assertThat(Position.decode(new Position(5, Long.MAX_VALUE).encode()))
        .isEqualTo(new Position(5, Long.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!", "bm9wZQ", "LTE6Mg", "MzowMQ", "MzpA", "Mw"})
  void should_refuse_tampered_or_foreign_tokens(String token) {
    assertThatThrownBy(() -> Position.decode(token))
        .isInstanceOf(Position.InvalidPositionException.class);
  }

  @Test
  void should_refuse_null() {
    assertThatThrownBy(() -> Position.decode(null))
        .isInstanceOf(Position.InvalidPositionException.class);
  }
}

package io.chatcqrs.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.platform.http.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  @Test
  void should_be_absent_without_the_header() {
    assertThat(IdempotencyKey.parse(List.of())).isEmpty();
    assertThat(IdempotencyKey.parse(null)).isEmpty();
  }

  @Test
  void should_accept_1_to_64_allowed_characters_bare_or_quoted() {
    assertThat(IdempotencyKey.parse(List.of("a"))).contains(new IdempotencyKey("a"));
    String longest = "A-z_09".repeat(10) + "abcd";
    assertThat(IdempotencyKey.parse(List.of(longest))).contains(new IdempotencyKey(longest));
    assertThat(IdempotencyKey.parse(List.of("\"8e03978e-40d5_43e8\"")))
        .contains(new IdempotencyKey("8e03978e-40d5_43e8"));
  }

  @Test
  void should_refuse_malformed_keys_with_400() {
    for (String bad :
        List.of(
            "", "\"\"", "a".repeat(65), "has space", "dot.ted", "\"open", "é", "a/b", "\"a\"b")) {
      assertThatThrownBy(() -> IdempotencyKey.parse(List.of(bad)))
          .as("key %s", bad)
          .isInstanceOf(ProblemException.BadRequest.class)
          .hasMessageContaining("Idempotency-Key");
    }
  }

  @Test
  void should_refuse_two_headers() {
    assertThatThrownBy(() -> IdempotencyKey.parse(List.of("a", "b")))
        .isInstanceOf(ProblemException.BadRequest.class);
  }
}

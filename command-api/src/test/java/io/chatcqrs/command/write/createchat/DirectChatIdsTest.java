package io.chatcqrs.command.write.createchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.Ids;
import io.chatcqrs.events.UserId;
import org.junit.jupiter.api.Test;

class DirectChatIdsTest {
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private final DirectChatIds ids = new DirectChatIds("a-server-secret-of-at-least-32-bytes!");

  @Test
  void should_give_the_same_id_for_either_order_of_the_pair() {
    assertThat(ids.of(BOB, ALICE)).isEqualTo(ids.of(ALICE, BOB));
    assertThat(ids.of(ALICE, BOB).value()).startsWith("d").hasSize(27).matches(Ids.PATTERN);
    assertThat(ids.of(ALICE, UserId.of("carol"))).isNotEqualTo(ids.of(ALICE, BOB));
  }

  @Test
  @SuppressWarnings("deprecation")
  void should_not_be_the_unkeyed_digest_anyone_can_compute() {
    assertThat(ids.of(ALICE, BOB)).isNotEqualTo(ChatId.direct(ALICE, BOB));
  }

  @Test
  void should_differ_with_another_secret() {
    DirectChatIds other = new DirectChatIds("another-server-secret-of-32-bytes!!!");
    assertThat(other.of(ALICE, BOB)).isNotEqualTo(ids.of(ALICE, BOB));
  }

  @Test
  void should_keep_pairs_apart_whose_concatenations_are_equal() {
    assertThat(ids.of(UserId.of("ab"), UserId.of("c")))
        .isNotEqualTo(ids.of(UserId.of("a"), UserId.of("bc")));
  }

  @Test
  void should_refuse_a_secret_shorter_than_32_bytes() {
    assertThatThrownBy(() -> new DirectChatIds("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chat.direct-id-secret")
        .hasMessageNotContaining("short");
  }
}

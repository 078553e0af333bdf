package io.chatcqrs.command.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import org.junit.jupiter.api.Test;

class GroupChatIdsTest {
  private final GroupChatIds ids = new GroupChatIds("secret-1");
  private final UserId alice = UserId.of("alice");
  private final IdempotencyKey key = new IdempotencyKey("k-1");
  private final String request = "fingerprint-1";

  @Test
  void should_give_the_same_group_for_the_same_caller_key_and_request() {
    ChatId chat = ids.forKey(alice, key, request);
    assertThat(
            new GroupChatIds("secret-1").forKey(alice, new IdempotencyKey("k-1"), "fingerprint-1"))
        .isEqualTo(chat);
    assertThat(chat.value()).matches("g[A-Za-z0-9_-]{26}");
  }

  @Test
  void should_give_another_group_for_another_caller_key_request_or_secret() {
    ChatId chat = ids.forKey(alice, key, request);
    assertThat(ids.forKey(UserId.of("bob"), key, request)).isNotEqualTo(chat);
    assertThat(ids.forKey(alice, new IdempotencyKey("k-2"), request)).isNotEqualTo(chat);
    assertThat(new GroupChatIds("secret-2").forKey(alice, key, request)).isNotEqualTo(chat);
    assertThat(ids.forKey(alice, key, "fingerprint-2")).isNotEqualTo(chat);
    // length-prefixed parts: ("ab","c") and ("a","bc") differ
    assertThat(ids.forKey(UserId.of("ab"), new IdempotencyKey("c"), request))
        .isNotEqualTo(ids.forKey(UserId.of("a"), new IdempotencyKey("bc"), request));
  }
}

package io.chatcqrs.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
  private static final ChatId CHAT = ChatId.of("g1");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");

  @Test
  void should_derive_the_same_message_id_for_a_retry() {
    MessageId first = MessageId.derive(CHAT, ALICE, ClientMsgId.of("c-1"));
    MessageId retry = MessageId.derive(ChatId.of("g1"), UserId.of("alice"), ClientMsgId.of("c-1"));

    assertThat(retry).isEqualTo(first);
    assertThat(first.value()).startsWith("m").hasSize(27).matches(Ids.PATTERN);
  }

  @Test
  void should_derive_distinct_message_ids_when_any_part_differs() {
    Set<MessageId> ids = new HashSet<>();
    ids.add(MessageId.derive(CHAT, ALICE, ClientMsgId.of("c-1")));
    ids.add(MessageId.derive(CHAT, ALICE, ClientMsgId.of("c-2")));
    ids.add(MessageId.derive(CHAT, BOB, ClientMsgId.of("c-1")));
    ids.add(MessageId.derive(ChatId.of("g2"), ALICE, ClientMsgId.of("c-1")));
    // length-prefixed parts: moving a character across the boundary is a different message
    ids.add(MessageId.derive(ChatId.of("g1a"), UserId.of("lice"), ClientMsgId.of("c-1")));

    assertThat(ids).hasSize(5);
  }

  @Test
  @SuppressWarnings("deprecation")
  void should_give_a_direct_chat_the_same_id_in_either_order() {
    ChatId ab = ChatId.direct(ALICE, BOB);

    assertThat(ChatId.direct(BOB, ALICE)).isEqualTo(ab);
    assertThat(ab.value()).startsWith("d").matches(Ids.PATTERN);
    assertThat(ChatId.direct(ALICE, UserId.of("carol"))).isNotEqualTo(ab);
  }

  @Test
  void should_make_distinct_valid_group_ids() {
    ChatId one = ChatId.newGroup();
    ChatId two = ChatId.newGroup();

    assertThat(one).isNotEqualTo(two);
    assertThat(one.value()).startsWith("g").matches(Ids.PATTERN);
  }

  @Test
  void should_accept_ids_of_one_to_64_allowed_characters() {
    assertThat(UserId.of("a").value()).isEqualTo("a");
    assertThat(ChatId.of("A-z_09".repeat(10) + "abcd").value()).hasSize(64);
    assertThat(Ids.isValid("Az09_-")).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"has space", "dot.ted", "slash/", "ümlaut", "new\nline", "tab\t"})
  void should_reject_invalid_ids_naming_the_kind(String bad) {
    assertThatThrownBy(() -> UserId.of(bad))
        .isInstanceOfSatisfying(
            Ids.InvalidIdException.class, e -> assertThat(e.kind()).isEqualTo("user_id"));
    assertThatThrownBy(() -> ChatId.of(bad)).isInstanceOf(Ids.InvalidIdException.class);
    assertThatThrownBy(() -> ClientMsgId.of(bad)).isInstanceOf(Ids.InvalidIdException.class);
    assertThatThrownBy(() -> MessageId.of(bad)).isInstanceOf(Ids.InvalidIdException.class);
    assertThat(Ids.isValid(bad)).isFalse();
  }

  @Test
  void should_reject_an_id_of_65_characters() {
    assertThatThrownBy(() -> ChatId.of("x".repeat(65)))
        .isInstanceOfSatisfying(
            Ids.InvalidIdException.class, e -> assertThat(e.kind()).isEqualTo("chat_id"));
  }
}

package io.chatcqrs.command.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadModelExpiryTest {
  private final ReadModel.ByAnswer expiry = new ReadModel.ByAnswer(2, 30);
  private final ChatId chat = ChatId.of("c1");

  @Test
  void found_chat_and_member_rows_are_kept_longer() {
    assertThat(expiry.expireAfterCreate(new ReadModel.ChatKey(chat), Optional.of("direct"), 0))
        .isEqualTo(30);
    assertThat(
            expiry.expireAfterCreate(
                new ReadModel.MemberKey(chat, UserId.of("ann")), Optional.of(true), 0))
        .isEqualTo(30);
  }

  @Test
  void absent_rows_and_message_rows_expire_soon() {
    assertThat(expiry.expireAfterCreate(new ReadModel.ChatKey(chat), Optional.empty(), 0))
        .isEqualTo(2);
    assertThat(
            expiry.expireAfterCreate(
                new ReadModel.MemberKey(chat, UserId.of("ann")), Optional.empty(), 0))
        .isEqualTo(2);
    assertThat(
            expiry.expireAfterCreate(
                new ReadModel.MessageKey(chat, MessageId.of("m1")), Optional.of("view"), 0))
        .isEqualTo(2);
  }

  @Test
  void a_read_does_not_extend_the_life_of_an_answer() {
    assertThat(expiry.expireAfterRead(new ReadModel.ChatKey(chat), Optional.of("direct"), 5, 7))
        .isEqualTo(7);
  }
}

package io.chatcqrs.command.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import org.junit.jupiter.api.Test;

class ReadModelExpiryTest {
  private final ReadModel.ByAnswer expiry = new ReadModel.ByAnswer(2, 30);
  private final ChatId chat = ChatId.of("c1");
  private final ReadModel.MemberKey ann = new ReadModel.MemberKey(chat, UserId.of("ann"));

  @Test
  void found_rows_and_verdicts_are_kept_long_while_the_verdict_tail_is_fresh() {
    expiry.fresh = true;
    assertThat(
            expiry.expireAfterCreate(
                new ReadModel.ChatKey(chat), new ReadModel.Cached("direct", false), 0))
        .isEqualTo(30);
    assertThat(expiry.expireAfterCreate(ann, new ReadModel.Cached(true, false), 0)).isEqualTo(30);
    assertThat(expiry.expireAfterCreate(ann, new ReadModel.Cached(null, true), 0))
        .as("a removal told by a verdict")
        .isEqualTo(30);
  }

  @Test
  void everything_is_short_lived_while_the_verdict_tail_is_not_fresh() {
    expiry.fresh = false;
    assertThat(expiry.expireAfterCreate(ann, new ReadModel.Cached(true, false), 0)).isEqualTo(2);
    assertThat(expiry.expireAfterCreate(ann, new ReadModel.Cached(true, true), 0)).isEqualTo(2);
  }

  @Test
  void absent_rows_and_message_rows_expire_soon() {
    expiry.fresh = true;
    assertThat(
            expiry.expireAfterCreate(
                new ReadModel.ChatKey(chat), new ReadModel.Cached(null, false), 0))
        .isEqualTo(2);
    assertThat(expiry.expireAfterCreate(ann, new ReadModel.Cached(null, false), 0)).isEqualTo(2);
    assertThat(
            expiry.expireAfterCreate(
                new ReadModel.MessageKey(chat, MessageId.of("m1")),
                new ReadModel.Cached("view", false),
                0))
        .isEqualTo(2);
  }

  @Test
  void a_read_does_not_extend_the_life_of_an_answer() {
    assertThat(
            expiry.expireAfterRead(
                new ReadModel.ChatKey(chat), new ReadModel.Cached("direct", false), 5, 7))
        .isEqualTo(7);
  }
}

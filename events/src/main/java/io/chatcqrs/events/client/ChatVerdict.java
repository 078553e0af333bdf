package io.chatcqrs.events.client;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import java.util.OptionalLong;

/**
 * The per-chat stage's verdict on one chat event, read from {@code chat.sequenced.v1}, with where
 * it was read. One type per outcome, so that acting on an event that took effect is a matter of
 * type: {@link AcceptedEvent} took effect; {@link DuplicateEvent} and {@link RejectedEvent} changed
 * nothing and must not be acted on as if they had (a rejected send was never delivered to anyone).
 */
public sealed interface ChatVerdict extends ChatRecord
    permits AcceptedEvent, DuplicateEvent, RejectedEvent {

  /** The full verdict as the per-chat stage wrote it, including the state after the event. */
  SequencedEvent sequenced();

  /** The record's timestamp in epoch milliseconds. */
  long timestamp();

  /** The chat event the verdict is about, verbatim as it was appended to chat.events.v1. */
  default ChatEvent event() {
    return sequenced().event();
  }

  /** The chat (the record key). */
  default ChatId chatId() {
    return sequenced().chatId();
  }

  /** What the per-chat stage made of the event. */
  default Outcome outcome() {
    return sequenced().outcome();
  }

  /** The seq a verdict carries, if any (accepted and duplicate messages). */
  static OptionalLong seqOf(SequencedEvent sequenced) {
    Long seq = sequenced.seq();
    return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
  }

  /**
   * The verdict as the type of its outcome.
   *
   * @param sequenced the decoded record value
   * @param topic the topic it was read from
   * @param partition its partition
   * @param offset its offset
   * @param timestamp the record's timestamp in epoch milliseconds
   */
  static ChatVerdict of(
      SequencedEvent sequenced, String topic, int partition, long offset, long timestamp) {
    return switch (sequenced.outcome()) {
      case ACCEPTED -> new AcceptedEvent(sequenced, topic, partition, offset, timestamp);
      case DUPLICATE -> new DuplicateEvent(sequenced, topic, partition, offset, timestamp);
      case REJECTED -> new RejectedEvent(sequenced, topic, partition, offset, timestamp);
    };
  }
}

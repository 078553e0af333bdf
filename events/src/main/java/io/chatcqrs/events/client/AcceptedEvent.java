package io.chatcqrs.events.client;

import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A chat event that took effect: the only verdict a service should act on as "this happened" (push
 * a notification, index a message, count a member). Within one partition, offsets give the chat's
 * order.
 *
 * @param sequenced the verdict, with outcome {@code accepted}
 * @param topic the topic it was read from ({@code chat.sequenced.v1}, possibly prefixed)
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp in epoch milliseconds
 */
public record AcceptedEvent(
    SequencedEvent sequenced, String topic, int partition, long offset, long timestamp)
    implements ChatVerdict {
  /** Checks the required fields and that the verdict is an acceptance. */
  public AcceptedEvent {
    Objects.requireNonNull(sequenced, "sequenced");
    Objects.requireNonNull(topic, "topic");
    if (sequenced.outcome() != Outcome.ACCEPTED) {
      throw new IllegalArgumentException("not an accepted verdict: " + sequenced.outcome());
    }
  }

  /**
   * For MessageSent the new message's seq, for MessageEdited and MessageDeleted the target
   * message's seq, for ReadMarkerMoved the marker after the move (clamped to the chat's last seq);
   * empty for other event types.
   */
  public OptionalLong seq() {
    return ChatVerdict.seqOf(sequenced);
  }
}

package io.chatcqrs.events.client;

import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A chat event that repeats one that already took effect (a client retry, an existing direct chat,
 * an already-member, a read marker that does not advance): it changed nothing, and what it repeats
 * was delivered as an {@link AcceptedEvent} before.
 *
 * @param sequenced the verdict, with outcome {@code duplicate}
 * @param topic the topic it was read from ({@code chat.sequenced.v1}, possibly prefixed)
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp in epoch milliseconds
 */
public record DuplicateEvent(
    SequencedEvent sequenced, String topic, int partition, long offset, long timestamp)
    implements ChatVerdict {
  /** Checks the required fields and that the verdict is a duplicate. */
  public DuplicateEvent {
    Objects.requireNonNull(sequenced, "sequenced");
    Objects.requireNonNull(topic, "topic");
    if (sequenced.outcome() != Outcome.DUPLICATE) {
      throw new IllegalArgumentException("not an duplicate verdict: " + sequenced.outcome());
    }
  }

  /** Which kind of repeat it is, one of {@link io.chatcqrs.events.projection.Reasons}. */
  public String reason() {
    return sequenced.reason();
  }

  /** For a repeated MessageSent the original message's seq; otherwise as the verdict says. */
  public OptionalLong seq() {
    return ChatVerdict.seqOf(sequenced);
  }
}

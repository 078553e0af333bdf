package io.chatcqrs.events.client;

import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import java.util.Objects;

/**
 * A chat event that broke a rule of the chat (the sender is not a member, someone else's message,
 * an unknown chat, ...): it changed nothing and nobody but its sender saw it. Never act on its
 * {@link #event()} as if it had happened.
 *
 * @param sequenced the verdict, with outcome {@code rejected}
 * @param topic the topic it was read from ({@code chat.sequenced.v1}, possibly prefixed)
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp in epoch milliseconds
 */
public record RejectedEvent(
    SequencedEvent sequenced, String topic, int partition, long offset, long timestamp)
    implements ChatVerdict {
  /** Checks the required fields and that the verdict is a rejection. */
  public RejectedEvent {
    Objects.requireNonNull(sequenced, "sequenced");
    Objects.requireNonNull(topic, "topic");
    if (sequenced.outcome() != Outcome.REJECTED) {
      throw new IllegalArgumentException("not an rejected verdict: " + sequenced.outcome());
    }
  }

  /** Why, one of {@link io.chatcqrs.events.projection.Reasons} (new values may be added). */
  public String reason() {
    return sequenced.reason();
  }
}

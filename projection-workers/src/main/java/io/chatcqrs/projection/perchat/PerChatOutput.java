package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.projection.SequencedEvent;

/**
 * What the per-chat processor forwards for one input record: either the verdict for
 * chat.sequenced.v1 or the undecodable input bytes for the dead-letter topic (whose reason travels
 * in the record's headers).
 *
 * @param sequenced the verdict, or null
 * @param deadLetter the raw input value, or null
 */
public record PerChatOutput(SequencedEvent sequenced, byte[] deadLetter) {
  /** Whether this goes to the dead-letter topic. */
  public boolean isDeadLetter() {
    return sequenced == null;
  }
}

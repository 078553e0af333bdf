package io.chatcqrs.events.client;

import java.util.Objects;

/**
 * A record whose value is not a verdict this version of the jar can decode: corrupt bytes, a
 * tombstone, a record that is not a {@code SequencedEvent} at all, or an event type added after
 * this jar was built. It is reported and skipped, never fatal; its key, value and position are what
 * a dead letter needs ({@link io.chatcqrs.events.projection.DeadLetterHeaders}).
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param key the record key (the chat id), possibly null
 * @param value the raw value, possibly null; not copied
 * @param reason why it could not be decoded
 */
public record PoisonRecord(
    String topic, int partition, long offset, String key, byte[] value, String reason)
    implements ChatRecord {
  /** Checks the required fields. */
  public PoisonRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(reason, "reason");
  }
}

package io.chatcqrs.events.projection;

import java.util.Objects;

/**
 * Where a record came from: topic, partition, offset and the record's timestamp (epoch millis; the
 * broker's append time or the producer's create time, as the topic is configured).
 *
 * @param topic the source topic
 * @param partition the source partition
 * @param offset the source offset
 * @param timestamp the source record's timestamp in epoch milliseconds
 */
public record SourcePosition(String topic, int partition, long offset, long timestamp) {
  /** Checks the required fields. */
  public SourcePosition {
    Objects.requireNonNull(topic, "topic");
  }
}

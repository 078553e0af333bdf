package io.chatcqrs.events.client;

import io.chatcqrs.events.ChatEvent;
import java.util.Objects;

/**
 * A typed chat event with where it was read. Within one partition, offsets give the chat's order.
 *
 * @param event the decoded event
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp in epoch milliseconds
 */
public record ReceivedChatEvent(
    ChatEvent event, String topic, int partition, long offset, long timestamp)
    implements ChatRecord {
  /** Checks the required fields. */
  public ReceivedChatEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(topic, "topic");
  }
}

package io.chatcqrs.events.client;

/**
 * What one record of {@code chat.events.v1} turned out to be: a typed event ({@link
 * ReceivedChatEvent}) or bytes that are not one ({@link PoisonRecord}).
 */
public sealed interface ChatRecord permits ReceivedChatEvent, PoisonRecord {
  /** The topic the record was read from. */
  String topic();

  /** Its partition: all events of one chat share one partition. */
  int partition();

  /** Its offset: within a partition, the order of the chat's events. */
  long offset();
}

package io.chatcqrs.events.client;

/**
 * What one record of {@code chat.sequenced.v1} turned out to be: the per-chat stage's verdict on a
 * chat event ({@link ChatVerdict}: accepted, duplicate or rejected) or bytes that are not one
 * ({@link PoisonRecord}).
 */
public sealed interface ChatRecord permits ChatVerdict, PoisonRecord {
  /** The topic the record was read from. */
  String topic();

  /** Its partition: all records of one chat share one partition. */
  int partition();

  /** Its offset: within a partition, the order of the chat's verdicts. */
  long offset();
}

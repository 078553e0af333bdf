package io.chatcqrs.projection.sink;

import java.util.Objects;

/**
 * The write timestamps of the sink, from the epochs of the two topics whose offsets they carry:
 * chat.events.v1 (the source position of every sequenced and room-updates record: chat-keyed rows,
 * room rows, chat-events and chat-rooms positions) and chat.user-events.v1 (inbox, totals and
 * user-events positions). The same record of the same incarnation always gets the same timestamp,
 * so replays and retries stay idempotent.
 *
 * @param chatEvents the epoch of the chat.events.v1 incarnation being projected
 * @param userEvents the epoch of the chat.user-events.v1 incarnation being projected
 */
record WriteTimestamps(TopicEpoch chatEvents, TopicEpoch userEvents) {

  /** Both topics in their first incarnation: timestamps equal offsets. */
  static final WriteTimestamps FIRST = new WriteTimestamps(TopicEpoch.FIRST, TopicEpoch.FIRST);

  WriteTimestamps {
    Objects.requireNonNull(chatEvents, "chatEvents");
    Objects.requireNonNull(userEvents, "userEvents");
  }

  /** The timestamp of rows written for the chat event at {@code offset} of chat.events.v1. */
  long ofChatEvent(long offset) {
    return chatEvents.writeTimestamp(offset);
  }

  /** The timestamp of rows written for the record at {@code offset} of chat.user-events.v1. */
  long ofUserEvent(long offset) {
    return userEvents.writeTimestamp(offset);
  }

  /** The timestamp of a position row of {@code projection} (a {@link SinkBatch} name). */
  long ofPosition(String projection, long offset) {
    return switch (projection) {
      case SinkBatch.CHAT_EVENTS_PROJECTION, SinkBatch.CHAT_ROOMS_PROJECTION -> ofChatEvent(offset);
      case SinkBatch.USER_EVENTS_PROJECTION -> ofUserEvent(offset);
      default -> throw new IllegalArgumentException("unknown projection " + projection);
    };
  }
}

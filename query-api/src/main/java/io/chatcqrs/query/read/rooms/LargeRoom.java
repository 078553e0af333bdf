package io.chatcqrs.query.read.rooms;

/**
 * A user's room of a chat in fan-out-on-read mode, with the chat.events.v1 positions its two rows
 * reflect (read from their write timestamps, which the sink sets from the causing chat event's
 * offset): a live stream uses them as the seams against the chat's group events.
 *
 * @param room the room as the room list shows it
 * @param chatOffset the offset of the last chat event the {@code chats} row reflects (its last seq,
 *     last message, activity), or -1 when unknown
 * @param markerOffset the offset of the last chat event that wrote the user's {@code
 *     large_rooms_by_user} row (their join, read, send or the switch), or -1 when unknown
 */
public record LargeRoom(Room room, long chatOffset, long markerOffset) {
  /** The bits of a sink write timestamp that hold the offset (the rest is the topic's epoch). */
  static final long OFFSET_MASK = (1L << 48) - 1;

  /** The chat.events.v1 offset a sink write timestamp carries (-1 for none). */
  public static long offsetOf(Long writeTime) {
    return writeTime == null || writeTime < 0 ? -1 : writeTime & OFFSET_MASK;
  }
}

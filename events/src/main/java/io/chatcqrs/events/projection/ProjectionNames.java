package io.chatcqrs.events.projection;

/**
 * The names under which the projection records, per input partition, the offset it has fully
 * applied ({@code projection_positions.projection}). Read-your-writes compares a command's position
 * with these: the command side before it answers a create or a membership change, the query side
 * for {@code X-Chat-Position} and for the SSE inbox.
 */
public final class ProjectionNames {
  /**
   * Offsets of chat.events.v1 whose chat-keyed rows (chats, members, history) are written
   * (positions carried by chat.sequenced.v1).
   */
  public static final String CHAT_EVENTS = "chat-events";

  /**
   * Offsets of chat.events.v1 whose rooms (every member's {@code rooms_by_user}, {@code
   * room_order_by_user} and {@code large_rooms_by_user} rows) are written (positions carried by
   * chat.room-updates.v1). A read of a room list at a position waits for this and {@link
   * #CHAT_EVENTS}.
   */
  public static final String CHAT_ROOMS = "chat-rooms";

  /** Offsets of chat.user-events.v1 whose inbox and total rows are written. */
  public static final String USER_EVENTS = "user-events";

  private ProjectionNames() {}
}

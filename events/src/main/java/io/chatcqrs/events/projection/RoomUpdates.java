package io.chatcqrs.events.projection;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The rooms one chat event changed, on {@code chat.room-updates.v1} keyed by chat id: exactly one
 * record per record of {@code chat.sequenced.v1}, written by the per-chat stage in the same
 * transaction, to the same partition number (same key, same partitioner, same partition count). The
 * projection's sink writes every user-keyed room row from it ({@code rooms_by_user}, {@code
 * room_order_by_user}, {@code large_rooms_by_user}) and then advances the projection position
 * {@link ProjectionNames#CHAT_ROOMS}, so that {@code X-Chat-Position} covers every member's room,
 * not only the actor's.
 *
 * <p>Its size follows the fan-out mode ({@link FanOutMode}): in write mode (direct chats and groups
 * up to the threshold) every member whose room changed, so at most the threshold; in read mode only
 * the members concerned (the sender, joiner, leaver, reader), except once, on the switch, every
 * existing member. It is an internal topic of the projection (kept as long as chat.user-events.v1):
 * downstream consumers read the verdicts on chat.sequenced.v1.
 *
 * @param chatId the chat (the record key)
 * @param source where the chat event was read in chat.events.v1 (its offset is the rows' write
 *     timestamp and the position the sink records)
 * @param rooms the changed rooms, each with its user and the same {@code source}; empty when none
 *     changed
 */
public record RoomUpdates(ChatId chatId, SourcePosition source, List<UserRoom> rooms) {
  /** Checks the required fields and copies the list. */
  public RoomUpdates {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(source, "source");
    rooms = rooms == null ? List.of() : List.copyOf(rooms);
  }

  /**
   * One user's changed room ({@link RoomView} does not name its user: on a user event the event's
   * user is its owner).
   *
   * @param userId whose room it is
   * @param room the room after the event
   */
  public record UserRoom(UserId userId, RoomView room) {
    /** Checks the required fields. */
    public UserRoom {
      Objects.requireNonNull(userId, "user_id");
      Objects.requireNonNull(room, "room");
    }
  }
}

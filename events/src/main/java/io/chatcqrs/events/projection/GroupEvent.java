package io.chatcqrs.events.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * One live event of a chat in fan-out-on-read mode ({@link FanOutMode#READ}), on {@code
 * chat.group-events.v1} keyed by chat id: one record per event whatever the group's size, instead
 * of one user event per member. The query side's instances follow this topic and deliver each
 * record to the members connected to them, adding each receiver's own unread count.
 *
 * <p>Kinds: {@code message}, {@code message_edited}, {@code message_deleted} (data = the message as
 * in history, with {@code chat_id}), {@code member_joined}, {@code member_left} (data = {@code
 * {"chat_id","user_id"}}). The member concerned by a join or leave, a reader, and the sender of a
 * message (whose marker moved) are told through their own user event on chat.user-events.v1, as in
 * every chat: a query instance delivers a {@code message} group event to every connected member but
 * its {@code senderId}, who gets the user event instead.
 *
 * @param chatId the chat (the record key)
 * @param kind the SSE event name
 * @param data the SSE {@code data:} object without any receiver's unread count; has {@code chat_id}
 * @param lastSeq the chat's last_seq after the causing event
 * @param senderId for {@code message}: the sender, whose own marker moved to the message's seq;
 *     null otherwise
 * @param sourceEventId the id of the causing chat event
 * @param occurredAt when the causing chat event occurred
 * @param source where the causing chat event was read in chat.events.v1
 */
public record GroupEvent(
    ChatId chatId,
    String kind,
    ObjectNode data,
    long lastSeq,
    UserId senderId,
    String sourceEventId,
    Instant occurredAt,
    SourcePosition source) {
  /** Checks the required fields. */
  public GroupEvent {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(data, "data");
  }
}

package io.chatcqrs.projection.fanout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageDeleted;
import io.chatcqrs.events.MessageEdited;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import java.time.Instant;

/**
 * Builds the SSE {@code data:} objects exactly as the API contract defines them; every object has
 * {@code chat_id}. The shapes match the query side's responses: a message as in history, a room as
 * in the room list.
 */
public final class SseData {
  private SseData() {}

  /** A message as in history: message_id, seq, sender_id, text, sent_at, edited_at, deleted. */
  public static ObjectNode message(ChatId chat, MessageView m) {
    ObjectNode o = withChat(chat);
    o.put("message_id", m.messageId().value());
    o.put("seq", m.seq());
    o.put("sender_id", m.senderId().value());
    o.put("text", m.text());
    o.put("sent_at", time(m.sentAt()));
    o.put("edited_at", time(m.editedAt()));
    o.put("deleted", m.deleted());
    return o;
  }

  /** A {@code message} event: the message as in history plus the receiver's unread count. */
  public static ObjectNode newMessage(ChatId chat, MessageView m, long unreadCount) {
    return message(chat, m).put("unread_count", unreadCount);
  }

  /**
   * A room as in the room list: chat_id, type, title, last_message (message_id, seq, sender_id,
   * text, sent_at, or null), last_activity_at, unread_count; plus {@code removed: true} when the
   * member left.
   */
  public static ObjectNode room(ChatView chat, MemberView member) {
    ObjectNode o = withChat(chat.chatId());
    o.put("type", chat.type().wireName());
    o.put("title", chat.title());
    MessageView last = chat.lastMessage();
    if (last == null) {
      o.putNull("last_message");
    } else {
      ObjectNode m = o.putObject("last_message");
      m.put("message_id", last.messageId().value());
      m.put("seq", last.seq());
      m.put("sender_id", last.senderId().value());
      m.put("text", last.text());
      m.put("sent_at", time(last.sentAt()));
    }
    o.put("last_activity_at", time(member.lastActivityAt()));
    o.put("unread_count", member.unreadCount());
    if (member.removed()) {
      o.put("removed", true);
    }
    return o;
  }

  /** A {@code read} event: who read the chat up to which seq. */
  public static ObjectNode read(ChatId chat, UserId reader, long seq) {
    ObjectNode o = withChat(chat);
    o.put("user_id", reader.value());
    o.put("seq", seq);
    return o;
  }

  /** A {@code member_joined} or {@code member_left} event. */
  public static ObjectNode member(ChatId chat, UserId user) {
    return withChat(chat).put("user_id", user.value());
  }

  /** A {@code rejected} event: chat_id, client_msg_id, message_id (null when none), reason. */
  public static ObjectNode rejected(ChatEvent event, String reason) {
    ObjectNode o = withChat(event.chatId());
    String clientMsgId = null;
    String messageId = null;
    if (event instanceof MessageSent e) {
      clientMsgId = e.clientMsgId().value();
      messageId = e.messageId().value();
    } else if (event instanceof MessageEdited e) {
      messageId = e.messageId().value();
    } else if (event instanceof MessageDeleted e) {
      messageId = e.messageId().value();
    }
    o.put("client_msg_id", clientMsgId);
    o.put("message_id", messageId);
    o.put("reason", reason);
    return o;
  }

  private static ObjectNode withChat(ChatId chat) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("chat_id", chat.value());
    return o;
  }

  private static String time(Instant t) {
    return t == null ? null : Json.formatTime(t);
  }
}

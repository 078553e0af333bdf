package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MessageView;
import java.time.Instant;

/**
 * The per-chat stage's state of one chat (the value of the {@code chat-state-v2} store): everything
 * needed to decide on the next event and to describe the chat after it. Its size does not depend on
 * the number of members: they are in the {@code chat-members} store ({@link Member}).
 *
 * @param chatId the chat
 * @param type direct or group
 * @param title the title
 * @param createdBy the creator
 * @param createdAt when it was created
 * @param lastSeq the newest accepted message's seq
 * @param lastActivityAt creation or newest message time, whichever is later
 * @param lastMessage the newest message as in history, or null
 * @param memberCount how many members it has
 * @param fanOut how its messages reach the members' room lists (never null)
 */
public record ChatState(
    ChatId chatId,
    ChatType type,
    String title,
    UserId createdBy,
    Instant createdAt,
    long lastSeq,
    Instant lastActivityAt,
    MessageView lastMessage,
    int memberCount,
    FanOutMode fanOut) {

  /** A missing mode is {@link FanOutMode#WRITE}. */
  public ChatState {
    fanOut = fanOut == null ? FanOutMode.WRITE : fanOut;
  }

  /** Whether the chat is in fan-out-on-read mode. */
  public boolean fansOutOnRead() {
    return fanOut == FanOutMode.READ;
  }

  /** A copy with a different member count and mode. */
  ChatState withMembers(int count, FanOutMode mode) {
    return new ChatState(
        chatId,
        type,
        title,
        createdBy,
        createdAt,
        lastSeq,
        lastActivityAt,
        lastMessage,
        count,
        mode);
  }

  /** A copy with a new newest message and seq. */
  ChatState withLastMessage(long seq, Instant activity, MessageView message) {
    return new ChatState(
        chatId, type, title, createdBy, createdAt, seq, activity, message, memberCount, fanOut);
  }

  /** The chat as the {@code chats} read model shows it. */
  public ChatView view() {
    return new ChatView(
        chatId,
        type,
        title,
        createdBy,
        createdAt,
        lastSeq,
        memberCount,
        lastActivityAt,
        lastMessage,
        fanOut);
  }
}

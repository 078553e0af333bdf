package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-chat stage's state of one chat (the value of the {@code chat-state} store): everything
 * needed to decide on the next event and to describe the chat and its members after it.
 *
 * @param chatId the chat
 * @param type direct or group
 * @param title the title
 * @param createdBy the creator
 * @param createdAt when it was created
 * @param lastSeq the newest accepted message's seq
 * @param lastActivityAt creation or newest message time, whichever is later
 * @param lastMessage the newest message as in history, or null
 * @param members the members by user id, sorted
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
    TreeMap<String, Member> members) {

  /** Copies the member map so that a state never changes after construction. */
  public ChatState {
    members = new TreeMap<>(members);
  }

  /**
   * One member's state in the chat.
   *
   * @param lastReadSeq their read marker
   * @param joinedAt when they joined
   * @param lastActivityAt the room's last activity for them
   */
  public record Member(long lastReadSeq, Instant joinedAt, Instant lastActivityAt) {}

  /** Whether {@code user} is a member. */
  public boolean isMember(UserId user) {
    return members.containsKey(user.value());
  }

  /** The member's state, or null. */
  public Member member(UserId user) {
    return members.get(user.value());
  }

  /** A copy with a different member map. */
  ChatState withMembers(Map<String, Member> newMembers) {
    return new ChatState(
        chatId,
        type,
        title,
        createdBy,
        createdAt,
        lastSeq,
        lastActivityAt,
        lastMessage,
        new TreeMap<>(newMembers));
  }

  /** A copy with a new newest message and seq. */
  ChatState withLastMessage(long seq, Instant activity, MessageView message) {
    return new ChatState(
        chatId, type, title, createdBy, createdAt, seq, activity, message, members);
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
        members.size(),
        lastActivityAt,
        lastMessage);
  }

  /** A member's view; {@code previousActivity} is the room's activity before the event. */
  MemberView memberView(String userId, Instant previousActivity) {
    Member m = members.get(userId);
    return new MemberView(
        UserId.of(userId),
        m.lastReadSeq(),
        lastSeq - m.lastReadSeq(),
        m.joinedAt(),
        m.lastActivityAt(),
        previousActivity,
        false);
  }
}

package io.chatcqrs.events.projection;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A chat as the {@code chats} read model shows it, after one chat event was applied.
 *
 * @param chatId the chat
 * @param type direct or group
 * @param title the title (may be null, typically for direct chats)
 * @param createdBy who created it
 * @param createdAt when it was created
 * @param lastSeq the seq of the newest accepted message (0 before any)
 * @param memberCount how many members it has
 * @param lastActivityAt when it was created or received its newest message, whichever is later
 * @param lastMessage the newest message as in history, or null before any
 * @param fanOut how its messages reach the members' room lists ({@link FanOutMode}); never null
 */
public record ChatView(
    ChatId chatId,
    ChatType type,
    String title,
    UserId createdBy,
    Instant createdAt,
    long lastSeq,
    int memberCount,
    Instant lastActivityAt,
    MessageView lastMessage,
    FanOutMode fanOut) {
  /** Checks the required fields; a missing mode (a record written before it existed) is write. */
  public ChatView {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(createdAt, "created_at");
    Objects.requireNonNull(lastActivityAt, "last_activity_at");
    fanOut = fanOut == null ? FanOutMode.WRITE : fanOut;
  }

  /** A chat in fan-out-on-write mode (the form before {@link FanOutMode} existed). */
  public ChatView(
      ChatId chatId,
      ChatType type,
      String title,
      UserId createdBy,
      Instant createdAt,
      long lastSeq,
      int memberCount,
      Instant lastActivityAt,
      MessageView lastMessage) {
    this(
        chatId,
        type,
        title,
        createdBy,
        createdAt,
        lastSeq,
        memberCount,
        lastActivityAt,
        lastMessage,
        FanOutMode.WRITE);
  }
}

package io.chatcqrs.projection.sink.cql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.events.projection.UserEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Values for the sink's unit tests: a fixed clock, a chat, its messages, members and rooms. */
public final class SinkFixtures {
  /** The present of every test. */
  public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** A clock stopped at {@link #NOW}. */
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Created an hour ago. */
  public static final Instant CREATED = NOW.minus(Duration.ofHours(1));

  /** The newest message, ten minutes ago. */
  public static final Instant SENT = NOW.minus(Duration.ofMinutes(10));

  private SinkFixtures() {}

  /** Message {@code seq} of chat c1, sent by alice at {@link #SENT}. */
  public static MessageView message(long seq) {
    return new MessageView(
        MessageId.of("m" + seq), seq, UserId.of("alice"), "hi", SENT, null, false);
  }

  /** Group c1 titled "team" with {@code last} as its newest message (or none). */
  public static ChatView chat(FanOutMode mode, MessageView last) {
    return new ChatView(
        ChatId.of("c1"),
        ChatType.GROUP,
        "team",
        UserId.of("alice"),
        CREATED,
        last == null ? 0 : last.seq(),
        3,
        last == null ? CREATED : last.sentAt(),
        last,
        mode);
  }

  /** Member {@code user} of c1 with marker {@code read}, activity moved from {@code previous}. */
  public static MemberView member(String user, long read, Instant activity, Instant previous) {
    return new MemberView(UserId.of(user), read, 0, CREATED, activity, previous, false);
  }

  /** Like {@link #member} but removed from the chat. */
  public static MemberView removed(String user, Instant activity) {
    return new MemberView(UserId.of(user), 0, 0, CREATED, activity, activity, true);
  }

  /** Partition 0 of chat.events.v1 at {@code offset}. */
  public static SourcePosition source(long offset) {
    return new SourcePosition("chat.events.v1", 0, offset, NOW.toEpochMilli());
  }

  /** The room of {@code member} in {@code chat} after the chat event at {@code offset}. */
  public static RoomView room(ChatView chat, MemberView member, long offset) {
    return RoomView.of(chat, member, source(offset));
  }

  /** A {@code kind} user event of {@code user} in c1, with {@code total} and {@code room}. */
  public static UserEvent userEvent(
      String user, String kind, Instant occurredAt, Long total, RoomView room) {
    return new UserEvent(
        UserId.of(user),
        ChatId.of("c1"),
        kind,
        JsonNodeFactory.instance.objectNode().put("chat_id", "c1"),
        total,
        "e1",
        occurredAt,
        null,
        null,
        room);
  }
}

package io.chatcqrs.projection;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.MessageDeleted;
import io.chatcqrs.events.MessageEdited;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.ReadMarkerMoved;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** Builds chat events for tests, with a clock that advances one millisecond per event. */
public final class Workload {
  private Instant now;

  /** A builder whose first event occurs at {@code start}. */
  public Workload(Instant start) {
    this.now = start;
  }

  /** A builder starting at a fixed instant. */
  public Workload() {
    this(Instant.parse("2026-01-01T00:00:00.000Z"));
  }

  private Instant tick() {
    now = now.plusMillis(1);
    return now;
  }

  public static UserId u(String id) {
    return UserId.of(id);
  }

  public static ChatId c(String id) {
    return ChatId.of(id);
  }

  public ChatCreated group(String chat, String creator, String... members) {
    return create(chat, ChatType.GROUP, creator, members);
  }

  public ChatCreated direct(String chat, String creator, String other) {
    return create(chat, ChatType.DIRECT, creator, other);
  }

  private ChatCreated create(String chat, ChatType type, String creator, String... others) {
    var all = new java.util.ArrayList<UserId>();
    all.add(u(creator));
    Arrays.stream(others).map(UserId::of).forEach(all::add);
    return new ChatCreated(id(), c(chat), u(creator), tick(), 1, type, "t-" + chat, all);
  }

  public MessageSent send(String chat, String sender, String clientMsgId) {
    return new MessageSent(
        id(),
        c(chat),
        u(sender),
        tick(),
        1,
        messageId(chat, sender, clientMsgId),
        ClientMsgId.of(clientMsgId),
        "text " + clientMsgId);
  }

  public static MessageId messageId(String chat, String sender, String clientMsgId) {
    return MessageId.derive(c(chat), u(sender), ClientMsgId.of(clientMsgId));
  }

  public MessageEdited edit(String chat, String actor, MessageId message, String text) {
    return new MessageEdited(id(), c(chat), u(actor), tick(), 1, message, text);
  }

  public MessageDeleted delete(String chat, String actor, MessageId message) {
    return new MessageDeleted(id(), c(chat), u(actor), tick(), 1, message);
  }

  public ReadMarkerMoved read(String chat, String actor, long seq) {
    return new ReadMarkerMoved(id(), c(chat), u(actor), tick(), 1, seq);
  }

  public MemberJoined join(String chat, String actor, String user) {
    return new MemberJoined(id(), c(chat), u(actor), tick(), 1, u(user));
  }

  public MemberLeft leave(String chat, String actor, String user) {
    return new MemberLeft(id(), c(chat), u(actor), tick(), 1, u(user));
  }

  /** The current time of the builder's clock. */
  public Instant now() {
    return now;
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  /** Shorthand so that tests can pass events around untyped. */
  public static ChatEvent[] all(ChatEvent... events) {
    return events;
  }
}

package io.chatcqrs.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One realistic sample of every event type, built through the real records. */
public final class ChatEventSamples {
  public static final Instant AT = Instant.parse("2026-11-25T09:30:00.123Z");
  public static final UserId ALICE = UserId.of("alice");
  public static final UserId BOB = UserId.of("bob_2");
  public static final ChatId GROUP = ChatId.of("g-team");
  public static final ClientMsgId CLIENT_MSG = ClientMsgId.of("c-1");
  public static final MessageId MESSAGE = MessageId.derive(GROUP, ALICE, CLIENT_MSG);

  private ChatEventSamples() {}

  /** A sample per event type, keyed by the record class. */
  public static Map<Class<? extends ChatEvent>, ChatEvent> all() {
    Map<Class<? extends ChatEvent>, ChatEvent> samples = new LinkedHashMap<>();
    put(
        samples,
        new ChatCreated(
            id(),
            GROUP,
            ALICE,
            AT,
            ChatEvent.SCHEMA_VERSION,
            ChatType.GROUP,
            "Team",
            List.of(ALICE)));
    put(samples, new MemberJoined(id(), GROUP, ALICE, AT, ChatEvent.SCHEMA_VERSION, BOB));
    put(samples, new MemberLeft(id(), GROUP, BOB, AT, ChatEvent.SCHEMA_VERSION, BOB));
    put(
        samples,
        new MessageSent(
            id(), GROUP, ALICE, AT, ChatEvent.SCHEMA_VERSION, MESSAGE, CLIENT_MSG, "hello, bob"));
    put(
        samples,
        new MessageEdited(id(), GROUP, ALICE, AT, ChatEvent.SCHEMA_VERSION, MESSAGE, "hello, Bob"));
    put(samples, new MessageDeleted(id(), GROUP, ALICE, AT, ChatEvent.SCHEMA_VERSION, MESSAGE));
    put(samples, new ReadMarkerMoved(id(), GROUP, BOB, AT, ChatEvent.SCHEMA_VERSION, 1));
    return samples;
  }

  /** A direct chat created by alice with bob, with a null title. */
  public static ChatCreated directChat() {
    return new ChatCreated(
        id(),
        ChatId.of("dSampleDirectChatOfAliceAndBob"),
        ALICE,
        AT,
        ChatEvent.SCHEMA_VERSION,
        ChatType.DIRECT,
        null,
        List.of(ALICE, BOB));
  }

  private static void put(Map<Class<? extends ChatEvent>, ChatEvent> samples, ChatEvent event) {
    samples.put(event.getClass(), event);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}

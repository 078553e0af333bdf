package io.chatcqrs.bench;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events the scenarios append straight to {@code chat.events.v1} (seeding, not measured). */
final class BenchEvents {
  private BenchEvents() {}

  /** A group chat titled "bench" created by the first of {@code members}. */
  static ChatCreated groupCreated(ChatId chat, List<UserId> members, Instant at) {
    return new ChatCreated(
        UUID.randomUUID().toString(),
        chat,
        members.get(0),
        at,
        ChatEvent.SCHEMA_VERSION,
        ChatType.GROUP,
        "bench",
        members);
  }

  /** A {@link SendScenario#TEXT} message, with the id the command side would derive. */
  static MessageSent messageSent(ChatId chat, UserId sender, ClientMsgId client, Instant at) {
    return new MessageSent(
        UUID.randomUUID().toString(),
        chat,
        sender,
        at,
        ChatEvent.SCHEMA_VERSION,
        MessageId.derive(chat, sender, client),
        client,
        SendScenario.TEXT);
  }
}

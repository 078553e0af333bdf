package io.chatcqrs.projection.it;

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
import io.chatcqrs.projection.testkit.ReferenceModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded random workload as the command side could append it: mostly valid commands, plus client
 * retries (duplicate message ids), non-members, edits and deletes of others' or unknown messages,
 * reads beyond last_seq, joins of members, repeated leaves and direct-chat re-creations. Every
 * generated event is applied to the {@link ReferenceModel} it steers by.
 *
 * <p>Groups come on both sides of the model's fan-out threshold: every third chat is a group kept
 * at or below it (a join that would take it above becomes a join of someone already a member, which
 * is rejected), so it stays in fan-out-on-write mode; the other groups are created with up to three
 * members more than the threshold, so some are READ from their creation and others switch from
 * WRITE to READ when a join takes them above it.
 */
final class WorkloadGenerator {
  private final Random rnd;
  private final ReferenceModel ref;
  private final int users;
  private final int chats;
  private final Map<String, List<String[]>> sent = new HashMap<>();
  private final Map<String, ChatCreated> creations = new HashMap<>();
  private final int threshold;
  private Instant clock;
  private int counter;

  WorkloadGenerator(long seed, ReferenceModel ref, int users, int chats) {
    this.rnd = new Random(seed);
    this.ref = ref;
    this.users = users;
    this.chats = chats;
    this.threshold = ref.fanOutReadThreshold;
    this.clock = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MILLIS);
  }

  List<ChatEvent> generate(int count) {
    List<ChatEvent> out = new ArrayList<>();
    for (int i = 0; i < chats; i++) {
      out.add(apply(create(chat(i))));
    }
    while (out.size() < count) {
      String chat = chat(rnd.nextInt(chats));
      ChatEvent e = next(chat);
      if (e != null) {
        out.add(apply(e));
      }
    }
    return out;
  }

  private ChatEvent apply(ChatEvent e) {
    ref.apply(e);
    return e;
  }

  private ChatEvent next(String chat) {
    ReferenceModel.Chat c = ref.chats.get(chat);
    if (c == null) {
      return create(chat);
    }
    List<String> members = new ArrayList<>(c.members.keySet());
    String member = members.isEmpty() ? user() : members.get(rnd.nextInt(members.size()));
    String actor = rnd.nextInt(100) < 92 ? member : user();
    int roll = rnd.nextInt(100);
    if (roll < 55) {
      List<String[]> history = sent.computeIfAbsent(chat, k -> new ArrayList<>());
      String clientMsgId = "k" + (++counter);
      if (rnd.nextInt(100) < 5 && !history.isEmpty()) {
        String[] earlier = history.get(rnd.nextInt(history.size()));
        actor = earlier[0];
        clientMsgId = earlier[1];
      }
      history.add(new String[] {actor, clientMsgId});
      MessageId id =
          MessageId.derive(ChatId.of(chat), UserId.of(actor), ClientMsgId.of(clientMsgId));
      return new MessageSent(
          uuid(),
          ChatId.of(chat),
          UserId.of(actor),
          tick(),
          1,
          id,
          ClientMsgId.of(clientMsgId),
          "text " + counter);
    }
    if (roll < 70) {
      return new ReadMarkerMoved(
          uuid(), ChatId.of(chat), UserId.of(actor), tick(), 1, rnd.nextInt((int) c.lastSeq + 4));
    }
    if (roll < 83 && !c.messages.isEmpty()) {
      ReferenceModel.Msg m = c.messages.get(rnd.nextInt(c.messages.size()));
      String editor = rnd.nextInt(100) < 80 ? m.sender : actor;
      if (roll < 78) {
        return new MessageEdited(
            uuid(),
            ChatId.of(chat),
            UserId.of(editor),
            tick(),
            1,
            MessageId.of(m.id),
            "edited " + (++counter));
      }
      return new MessageDeleted(
          uuid(), ChatId.of(chat), UserId.of(editor), tick(), 1, MessageId.of(m.id));
    }
    if (roll < 92) {
      String joiner = user();
      if (keptSmall(chat) && c.members.size() >= threshold && !members.isEmpty()) {
        joiner = members.get(rnd.nextInt(members.size()));
      }
      return new MemberJoined(
          uuid(), ChatId.of(chat), UserId.of(actor), tick(), 1, UserId.of(joiner));
    }
    if (roll < 97 || c.type != ChatType.DIRECT) {
      String leaver = rnd.nextInt(100) < 70 ? actor : member;
      return new MemberLeft(
          uuid(), ChatId.of(chat), UserId.of(actor), tick(), 1, UserId.of(leaver));
    }
    ChatCreated original = creations.get(chat);
    return new ChatCreated(
        uuid(),
        ChatId.of(chat),
        original.members().get(1),
        tick(),
        1,
        ChatType.DIRECT,
        null,
        List.of(original.members().get(1), original.members().get(0)));
  }

  private ChatCreated create(String chat) {
    String creator = user();
    List<UserId> members = new ArrayList<>(List.of(UserId.of(creator)));
    boolean direct = !keptSmall(chat) && rnd.nextInt(100) < 25;
    int size =
        direct ? 2 : 2 + rnd.nextInt(keptSmall(chat) ? threshold - 1 : Math.max(5, threshold + 2));
    while (members.size() < size) {
      UserId u = UserId.of(user());
      if (!members.contains(u)) {
        members.add(u);
      }
    }
    ChatCreated e =
        new ChatCreated(
            uuid(),
            ChatId.of(chat),
            UserId.of(creator),
            tick(),
            1,
            direct ? ChatType.DIRECT : ChatType.GROUP,
            direct ? null : "title " + chat,
            members);
    creations.putIfAbsent(chat, e);
    return e;
  }

  /** Whether {@code chat} is a group kept at or below the fan-out threshold (every third chat). */
  boolean keptSmall(String chat) {
    return Integer.parseInt(chat.substring(1)) % 3 == 0;
  }

  /** The number of members {@code chat} was created with. */
  int createdSize(String chat) {
    return creations.get(chat).members().size();
  }

  private String chat(int i) {
    return String.format("c%03d", i);
  }

  private String user() {
    return String.format("u%03d", rnd.nextInt(users));
  }

  private Instant tick() {
    clock = clock.plusMillis(1 + rnd.nextInt(3));
    return clock;
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }
}

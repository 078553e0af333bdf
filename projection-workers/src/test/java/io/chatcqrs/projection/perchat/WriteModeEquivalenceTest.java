package io.chatcqrs.projection.perchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.MessageEdited;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.ReadMarkerMoved;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.TopologyHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Fan-out on write gives the rooms it gave before activity was derived: a reference keeps, as the
 * per-chat stage used to, each member's own room activity (join: max(join time, chat activity);
 * message: max(sent_at, own activity)), and every room on a user event, and every total, must equal
 * it, over a seeded random workload whose occurred_at times go backwards now and then (clock skew
 * between command-api instances).
 */
class WriteModeEquivalenceTest {
  private static final List<String> USERS = List.of("a", "b", "c", "d", "e", "f");
  private static final List<String> CHATS = List.of("g1", "g2", "g3");

  /** The old per-member state: marker, join time and stored activity. */
  private record Old(long read, Instant joined, Instant activity) {}

  /** The old per-chat state. */
  private static final class OldChat {
    long lastSeq;
    Instant activity;
    MessageId newest;
    final TreeMap<String, Old> members = new TreeMap<>();
  }

  /** One expected room: user, chat, marker, unread, activity, previous activity, removed. */
  private record Expected(
      String user,
      String chat,
      long read,
      long unread,
      Instant activity,
      Instant previous,
      boolean removed) {}

  private Instant clock = Instant.parse("2026-03-01T10:00:00Z");
  private final Random random = new Random(13);

  private Instant tick() {
    clock = clock.plusMillis(10);
    // Now and then an event claims to be older than the previous one (up to 25 ms).
    return random.nextInt(4) == 0 ? clock.minusMillis(random.nextInt(26)) : clock;
  }

  @Test
  void should_give_the_same_rooms_and_totals_as_per_member_activity_did() {
    Map<String, OldChat> chats = new HashMap<>();
    int compared = 0;
    try (TopologyHarness h = new TopologyHarness(1000)) {
      for (String chat : CHATS) {
        List<UserId> members = List.of(UserId.of("a"), UserId.of("b"), UserId.of("c"));
        compared +=
            step(
                h,
                chats,
                new ChatCreated(
                    id(),
                    ChatId.of(chat),
                    members.get(0),
                    tick(),
                    1,
                    ChatType.GROUP,
                    chat,
                    members));
      }
      for (int i = 0; i < 400; i++) {
        String chat = CHATS.get(random.nextInt(CHATS.size()));
        String actor = USERS.get(random.nextInt(USERS.size()));
        String other = USERS.get(random.nextInt(USERS.size()));
        ChatId c = ChatId.of(chat);
        UserId u = UserId.of(actor);
        int dice = random.nextInt(10);
        ChatEvent e;
        if (dice < 5) {
          ClientMsgId client = ClientMsgId.of("m" + i);
          e =
              new MessageSent(
                  id(), c, u, tick(), 1, MessageId.derive(c, u, client), client, "t" + i);
        } else if (dice < 7) {
          e = new ReadMarkerMoved(id(), c, u, tick(), 1, random.nextInt(40));
        } else if (dice == 7) {
          e = new MemberJoined(id(), c, u, tick(), 1, UserId.of(other));
        } else if (dice == 8) {
          e = new MemberLeft(id(), c, u, tick(), 1, random.nextBoolean() ? u : UserId.of(other));
        } else {
          OldChat old = chats.get(chat);
          MessageId target =
              old.newest == null ? MessageId.derive(c, u, ClientMsgId.of("x")) : old.newest;
          e = new MessageEdited(id(), c, u, tick(), 1, target, "edited " + i);
        }
        compared += step(h, chats, e);
      }
    }
    assertThat(compared).isGreaterThan(250);
  }

  /** Pipes one event, applies it to the reference when accepted and compares; rooms compared. */
  private int step(TopologyHarness h, Map<String, OldChat> chats, ChatEvent e) {
    h.pipe(e);
    SequencedEvent s = h.sequenced.readValue();
    List<UserEvent> events = h.drainUserEvents().stream().map(TestRecord::value).toList();
    if (s.outcome() != Outcome.ACCEPTED) {
      assertThat(events).allSatisfy(u -> assertThat(u.room()).isNull());
      return 0;
    }
    assertThat(s.chat().fanOut()).isEqualTo(FanOutMode.WRITE);
    List<Expected> expected = apply(chats, e, s);
    List<Expected> actual = new ArrayList<>();
    for (UserEvent u : events) {
      RoomView r = u.room();
      if (r != null) {
        actual.add(
            new Expected(
                u.userId().value(),
                r.chatId().value(),
                r.lastReadSeq(),
                r.unreadCount(),
                r.lastActivityAt(),
                r.previousActivityAt(),
                r.removed()));
      }
      assertThat(u.totalUnread())
          .as("total of %s after %s", u.userId(), e)
          .isEqualTo(total(chats, u.userId().value()));
    }
    assertThat(actual).as("rooms after %s", e).containsExactlyElementsOf(expected);
    return actual.size();
  }

  private static long total(Map<String, OldChat> chats, String user) {
    long sum = 0;
    for (OldChat c : chats.values()) {
      Old m = c.members.get(user);
      sum += m == null ? 0 : c.lastSeq - m.read();
    }
    return sum;
  }

  /** The old rules' room changes for an accepted event (validity is taken from the verdict). */
  private static List<Expected> apply(Map<String, OldChat> chats, ChatEvent e, SequencedEvent s) {
    String chat = e.chatId().value();
    Instant t = e.occurredAt();
    List<Expected> out = new ArrayList<>();
    if (e instanceof ChatCreated created) {
      OldChat c = new OldChat();
      c.activity = t;
      created.members().forEach(u -> c.members.put(u.value(), new Old(0, t, t)));
      chats.put(chat, c);
      c.members.forEach((u, m) -> out.add(new Expected(u, chat, 0, 0, t, null, false)));
      return out;
    }
    OldChat c = chats.get(chat);
    if (e instanceof MemberJoined j) {
      Instant activity = max(t, c.activity);
      c.members.put(j.userId().value(), new Old(c.lastSeq, t, activity));
      out.add(new Expected(j.userId().value(), chat, c.lastSeq, 0, activity, null, false));
    } else if (e instanceof MemberLeft l) {
      Old gone = c.members.remove(l.userId().value());
      out.add(
          new Expected(
              l.userId().value(), chat, gone.read(), 0, gone.activity(), gone.activity(), true));
    } else if (e instanceof MessageSent m) {
      c.lastSeq = s.seq();
      c.activity = max(t, c.activity);
      c.newest = m.messageId();
      for (Map.Entry<String, Old> en : new TreeMap<>(c.members).entrySet()) {
        Old o = en.getValue();
        long read = en.getKey().equals(m.actorId().value()) ? c.lastSeq : o.read();
        Instant activity = max(t, o.activity());
        c.members.put(en.getKey(), new Old(read, o.joined(), activity));
        out.add(
            new Expected(en.getKey(), chat, read, c.lastSeq - read, activity, o.activity(), false));
      }
    } else if (e instanceof MessageEdited edit) {
      if (edit.messageId().equals(c.newest)) {
        c.members.forEach(
            (u, o) ->
                out.add(
                    new Expected(
                        u,
                        chat,
                        o.read(),
                        c.lastSeq - o.read(),
                        o.activity(),
                        o.activity(),
                        false)));
      }
    } else if (e instanceof ReadMarkerMoved r) {
      Old o = c.members.get(r.actorId().value());
      c.members.put(r.actorId().value(), new Old(s.seq(), o.joined(), o.activity()));
      out.add(
          new Expected(
              r.actorId().value(),
              chat,
              s.seq(),
              c.lastSeq - s.seq(),
              o.activity(),
              o.activity(),
              false));
    }
    return out;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}

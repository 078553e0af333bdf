package io.chatcqrs.projection.fanout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.MessageDeleted;
import io.chatcqrs.events.MessageEdited;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.ReadMarkerMoved;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.events.projection.UserEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Fan-out on write: turns one sequenced event into one item per user whose live stream or room list
 * it concerns, keyed by user id. Pure and stateless.
 *
 * <ul>
 *   <li>rejected: {@code rejected} to the actor only; duplicates: nothing
 *   <li>ChatCreated, MemberJoined: {@code room} to each new member, {@code member_joined} (one per
 *       new member) to the others
 *   <li>MemberLeft: {@code room} with {@code removed: true} to the leaver, {@code member_left} to
 *       the rest
 *   <li>MessageSent: {@code message} with the receiver's unread count to every member, sender
 *       included
 *   <li>MessageEdited / MessageDeleted: {@code message_edited} / {@code message_deleted} to every
 *       member
 *   <li>ReadMarkerMoved: {@code read} to the reader and, in a direct chat, the other member
 * </ul>
 */
public final class FanOut {
  private FanOut() {}

  /** The items for {@code s}, in a deterministic order. */
  public static List<KeyValue<String, FanoutItem>> toUsers(SequencedEvent s) {
    List<KeyValue<String, FanoutItem>> out = new ArrayList<>();
    ChatEvent e = s.event();
    if (s.outcome() == Outcome.REJECTED) {
      add(out, s, e.actorId(), Kind.REJECTED, SseData.rejected(e, s.reason()), null);
      return out;
    }
    if (s.outcome() == Outcome.DUPLICATE) {
      return out;
    }
    if (e instanceof ChatCreated || e instanceof MemberJoined) {
      for (MemberView m : s.members()) {
        add(out, s, m.userId(), Kind.ROOM, SseData.room(s.chat(), m), m);
      }
      for (UserId other : s.notified()) {
        for (MemberView m : s.members()) {
          add(out, s, other, Kind.MEMBER_JOINED, SseData.member(s.chatId(), m.userId()), null);
        }
      }
    } else if (e instanceof MemberLeft left) {
      for (MemberView m : s.members()) {
        add(out, s, m.userId(), Kind.ROOM, SseData.room(s.chat(), m), m);
      }
      for (UserId other : s.notified()) {
        add(out, s, other, Kind.MEMBER_LEFT, SseData.member(s.chatId(), left.userId()), null);
      }
    } else if (e instanceof MessageSent) {
      for (MemberView m : s.members()) {
        ObjectNode data = SseData.newMessage(s.chatId(), s.message(), m.unreadCount());
        add(out, s, m.userId(), Kind.MESSAGE, data, m);
      }
    } else if (e instanceof MessageEdited || e instanceof MessageDeleted) {
      Kind kind = e instanceof MessageEdited ? Kind.MESSAGE_EDITED : Kind.MESSAGE_DELETED;
      for (MemberView m : s.members()) {
        add(out, s, m.userId(), kind, SseData.message(s.chatId(), s.message()), m);
      }
      for (UserId other : s.notified()) {
        add(out, s, other, kind, SseData.message(s.chatId(), s.message()), null);
      }
    } else if (e instanceof ReadMarkerMoved) {
      ObjectNode data = SseData.read(s.chatId(), e.actorId(), s.seq());
      for (MemberView m : s.members()) {
        add(out, s, m.userId(), Kind.READ, data, m);
      }
      for (UserId other : s.notified()) {
        add(out, s, other, Kind.READ, data, null);
      }
    }
    return out;
  }

  private static void add(
      List<KeyValue<String, FanoutItem>> out,
      SequencedEvent s,
      UserId user,
      Kind kind,
      ObjectNode data,
      MemberView member) {
    UserEvent event =
        new UserEvent(
            user,
            s.chatId(),
            kind.wire(),
            data,
            null,
            s.event().eventId(),
            s.event().occurredAt(),
            s.lastSeq(),
            member == null || member.removed() ? null : member.unreadCount());
    out.add(KeyValue.pair(user.value(), new FanoutItem(event, member)));
  }
}

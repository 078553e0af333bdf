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
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.events.projection.UserEvent.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;

/**
 * Turns one sequenced event into one item per user whose live stream or room list it concerns,
 * keyed by user id, and, for a chat fanning out on read, into the chat's one group event. Pure and
 * stateless: who is told comes from the per-chat stage's decision ({@code rooms}: users whose room
 * changed, each item carrying {@link RoomView#of the room}; {@code notified}: users told without a
 * room change).
 *
 * <ul>
 *   <li>rejected: {@code rejected} to the actor only; duplicates: nothing
 *   <li>ChatCreated, MemberJoined: {@code room} to each room (the new members; on the switch to
 *       read mode also every existing member), {@code member_joined} (one per new member) to the
 *       notified
 *   <li>MemberLeft: {@code room} with {@code removed: true} to the leaver, {@code member_left} to
 *       the notified
 *   <li>MessageSent: {@code message} with the receiver's unread count to each room (write mode:
 *       every member, sender included; read mode: the sender)
 *   <li>MessageEdited / MessageDeleted: {@code message_edited} / {@code message_deleted} to each
 *       room and to the notified (write mode: every member; read mode: nobody)
 *   <li>ReadMarkerMoved: {@code read} to the reader and, in a direct chat, the other member
 *   <li>read mode only, one {@link GroupEvent} on chat.group-events.v1: {@code message} (with its
 *       sender), {@code message_edited}, {@code message_deleted}, {@code member_joined}, {@code
 *       member_left}; none for a create or a read
 * </ul>
 */
public final class FanOut {
  private FanOut() {}

  /**
   * The items for {@code s}, in a deterministic order.
   *
   * @param rooms the members whose room changed, with their state after the event
   * @param notified further users told without a room change
   */
  public static List<KeyValue<String, FanoutItem>> toUsers(
      SequencedEvent s, List<MemberView> rooms, List<UserId> notified) {
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
      for (MemberView m : rooms) {
        add(out, s, m.userId(), Kind.ROOM, SseData.room(s.chat(), m), m);
      }
      for (UserId other : notified) {
        for (MemberView m : s.members()) {
          add(out, s, other, Kind.MEMBER_JOINED, SseData.member(s.chatId(), m.userId()), null);
        }
      }
    } else if (e instanceof MemberLeft left) {
      for (MemberView m : rooms) {
        add(out, s, m.userId(), Kind.ROOM, SseData.room(s.chat(), m), m);
      }
      for (UserId other : notified) {
        add(out, s, other, Kind.MEMBER_LEFT, SseData.member(s.chatId(), left.userId()), null);
      }
    } else if (e instanceof MessageSent) {
      for (MemberView m : rooms) {
        ObjectNode data = SseData.newMessage(s.chatId(), s.message(), m.unreadCount());
        add(out, s, m.userId(), Kind.MESSAGE, data, m);
      }
    } else if (e instanceof MessageEdited || e instanceof MessageDeleted) {
      Kind kind = e instanceof MessageEdited ? Kind.MESSAGE_EDITED : Kind.MESSAGE_DELETED;
      for (MemberView m : rooms) {
        add(out, s, m.userId(), kind, SseData.message(s.chatId(), s.message()), m);
      }
      for (UserId other : notified) {
        add(out, s, other, kind, SseData.message(s.chatId(), s.message()), null);
      }
    } else if (e instanceof ReadMarkerMoved) {
      ObjectNode data = SseData.read(s.chatId(), e.actorId(), s.seq());
      for (MemberView m : rooms) {
        add(out, s, m.userId(), Kind.READ, data, m);
      }
      for (UserId other : notified) {
        add(out, s, other, Kind.READ, data, null);
      }
    }
    return out;
  }

  /** The group event for {@code s}: only for an accepted event of a chat fanning out on read. */
  public static Optional<GroupEvent> toGroup(SequencedEvent s) {
    if (s.outcome() != Outcome.ACCEPTED
        || s.chat() == null
        || s.chat().fanOut() != FanOutMode.READ) {
      return Optional.empty();
    }
    ChatEvent e = s.event();
    if (e instanceof MessageSent) {
      return Optional.of(
          group(s, Kind.MESSAGE, SseData.message(s.chatId(), s.message()), e.actorId()));
    }
    if (e instanceof MessageEdited || e instanceof MessageDeleted) {
      Kind kind = e instanceof MessageEdited ? Kind.MESSAGE_EDITED : Kind.MESSAGE_DELETED;
      return Optional.of(group(s, kind, SseData.message(s.chatId(), s.message()), null));
    }
    if (e instanceof MemberJoined joined) {
      return Optional.of(
          group(s, Kind.MEMBER_JOINED, SseData.member(s.chatId(), joined.userId()), null));
    }
    if (e instanceof MemberLeft left) {
      return Optional.of(
          group(s, Kind.MEMBER_LEFT, SseData.member(s.chatId(), left.userId()), null));
    }
    return Optional.empty();
  }

  private static GroupEvent group(SequencedEvent s, Kind kind, ObjectNode data, UserId sender) {
    return new GroupEvent(
        s.chatId(),
        kind.wire(),
        data,
        s.lastSeq(),
        sender,
        s.event().eventId(),
        s.event().occurredAt(),
        s.source());
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
            member == null || member.removed() ? null : member.unreadCount(),
            member == null ? null : RoomView.of(s.chat(), member, s.source()));
    out.add(KeyValue.pair(user.value(), new FanoutItem(event)));
  }
}

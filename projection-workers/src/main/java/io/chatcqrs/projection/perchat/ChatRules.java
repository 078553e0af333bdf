package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.MessageDeleted;
import io.chatcqrs.events.MessageEdited;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.ReadMarkerMoved;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.Reasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules of a chat, as a pure function from (state, members, message index, event) to a {@link
 * Decision}. Deterministic: times come from the events' {@code occurred_at}, never from a clock, so
 * that a replay decides exactly as the first run did.
 *
 * <p>Fan-out mode (docs/large-groups.md): direct chats and groups of at most {@code
 * fanOutReadThreshold} members fan out on write (every member a message reaches is in {@link
 * Decision#rooms()}); a group created with more members, or growing past it by a join, fans out on
 * read from then on (never back). Only fan-out on write and that one switch walk the members, so in
 * a group fanning out on read every event costs the same whatever its size.
 */
public final class ChatRules {
  /** The default group size above which a group fans out on read. */
  public static final int DEFAULT_FANOUT_READ_THRESHOLD = 100;

  private final int maxGroupMembers;
  private final int fanOutReadThreshold;

  /**
   * Rules with the given maximum group size and the group size above which a group fans out on
   * read.
   */
  public ChatRules(int maxGroupMembers, int fanOutReadThreshold) {
    if (maxGroupMembers < 2) {
      throw new IllegalArgumentException("a group must allow at least two members");
    }
    if (fanOutReadThreshold < 1) {
      throw new IllegalArgumentException("the fan-out-on-read threshold must be at least 1");
    }
    this.maxGroupMembers = maxGroupMembers;
    this.fanOutReadThreshold = fanOutReadThreshold;
  }

  /**
   * Decides on {@code event} given the chat's {@code state} (null when no chat was created yet).
   *
   * @param members the chat's members as stored before the event
   * @param index looks up the chat's message-index entry for a message id (null when unknown)
   */
  public Decision apply(
      ChatState state,
      ChatMembers members,
      Function<MessageId, IndexedMessage> index,
      ChatEvent event) {
    if (event instanceof ChatCreated e) {
      return create(state, members, e);
    }
    if (state == null) {
      return Decision.rejected(null, Reasons.UNKNOWN_CHAT);
    }
    if (event instanceof MessageSent e) {
      return send(state, members, index.apply(e.messageId()), e);
    }
    if (event instanceof MemberLeft e) {
      return leave(state, members, e);
    }
    Member actor = members.get(event.actorId());
    if (actor == null) {
      return Decision.rejected(state, Reasons.NOT_MEMBER);
    }
    if (event instanceof MemberJoined e) {
      return join(state, members, e);
    }
    if (event instanceof MessageEdited e) {
      return edit(state, members, index.apply(e.messageId()), e);
    }
    if (event instanceof MessageDeleted e) {
      return delete(state, members, index.apply(e.messageId()), e);
    }
    return read(state, members, actor, (ReadMarkerMoved) event);
  }

  private Decision create(ChatState state, ChatMembers members, ChatCreated e) {
    Set<UserId> listed = new LinkedHashSet<>(e.members());
    boolean valid =
        listed.contains(e.actorId())
            && listed.size() == e.members().size()
            && (e.type() == ChatType.DIRECT
                ? listed.size() == 2
                : listed.size() <= maxGroupMembers);
    if (state != null) {
      return recreate(state, members, e, listed, valid);
    }
    if (!valid) {
      return Decision.rejected(null, Reasons.INVALID_MEMBERS);
    }
    Instant t = e.occurredAt();
    FanOutMode mode =
        e.type() == ChatType.GROUP && listed.size() > fanOutReadThreshold
            ? FanOutMode.READ
            : FanOutMode.WRITE;
    ChatState created =
        new ChatState(
            e.chatId(), e.type(), e.title(), e.actorId(), t, 0, t, null, listed.size(), mode);
    Member joined = new Member(0, t);
    List<MemberView> views =
        listed.stream()
            .sorted(Comparator.comparing(UserId::value))
            .map(u -> view(created, u, joined, null))
            .toList();
    return Decision.accepted(created, null, views, views, List.of());
  }

  /**
   * A create for an existing chat is a duplicate (an idempotent retry), except that a direct chat
   * re-created by its pair brings back a member who had left it.
   */
  private Decision recreate(
      ChatState state, ChatMembers members, ChatCreated e, Set<UserId> listed, boolean valid) {
    List<UserId> missing = listed.stream().filter(u -> members.get(u) == null).toList();
    if (state.type() != ChatType.DIRECT || e.type() != ChatType.DIRECT || missing.isEmpty()) {
      return Decision.duplicate(state, Reasons.CHAT_EXISTS, null);
    }
    Set<UserId> pair = new LinkedHashSet<>();
    members.forEach((u, m) -> pair.add(u));
    pair.addAll(listed);
    if (!valid || pair.size() > 2) {
      return Decision.rejected(state, Reasons.INVALID_MEMBERS);
    }
    return addMembers(state, members, missing, e.occurredAt());
  }

  private Decision join(ChatState state, ChatMembers members, MemberJoined e) {
    if (state.type() == ChatType.DIRECT) {
      return Decision.rejected(state, Reasons.DIRECT_CHAT);
    }
    if (members.get(e.userId()) != null) {
      return Decision.duplicate(state, Reasons.ALREADY_MEMBER, null);
    }
    if (state.memberCount() >= maxGroupMembers) {
      return Decision.rejected(state, Reasons.CHAT_FULL);
    }
    return addMembers(state, members, List.of(e.userId()), e.occurredAt());
  }

  /**
   * Joiners start at the chat's last_seq; their room's activity is the join time or the chat's
   * activity, whichever is later. A write-mode group growing past the threshold switches to read
   * mode here, once: every existing member gets their room in read mode, with its current activity
   * as the previous one, so that the write-side rows can be moved.
   */
  private Decision addMembers(
      ChatState state, ChatMembers members, List<UserId> joiners, Instant t) {
    int count = state.memberCount() + joiners.size();
    boolean switching =
        !state.fansOutOnRead() && state.type() == ChatType.GROUP && count > fanOutReadThreshold;
    ChatState after = state.withMembers(count, switching ? FanOutMode.READ : state.fanOut());
    Member joined = new Member(state.lastSeq(), t);
    List<MemberView> views = joiners.stream().map(u -> view(after, u, joined, null)).toList();
    if (after.fansOutOnRead() && !switching) {
      return Decision.accepted(after, null, views, views, List.of());
    }
    List<MemberView> rooms = new ArrayList<>(views);
    List<UserId> others = new ArrayList<>();
    members.forEach(
        (u, m) -> {
          if (switching) {
            Instant activity = m.activity(after.lastActivityAt());
            rooms.add(
                new MemberView(
                    u,
                    m.lastReadSeq(),
                    after.lastSeq() - m.lastReadSeq(),
                    m.joinedAt(),
                    activity,
                    activity,
                    false));
          } else {
            others.add(u);
          }
        });
    return Decision.accepted(after, null, views, rooms, others);
  }

  private static Decision leave(ChatState state, ChatMembers members, MemberLeft e) {
    boolean self = e.actorId().equals(e.userId());
    if (!self && members.get(e.actorId()) == null) {
      return Decision.rejected(state, Reasons.NOT_MEMBER);
    }
    Member gone = members.get(e.userId());
    if (gone == null) {
      return Decision.duplicate(state, Reasons.ALREADY_LEFT, null);
    }
    if (!self && state.type() == ChatType.DIRECT) {
      return Decision.rejected(state, Reasons.DIRECT_CHAT);
    }
    ChatState after = state.withMembers(state.memberCount() - 1, state.fanOut());
    Instant activity = gone.activity(state.lastActivityAt());
    MemberView removed =
        new MemberView(
            e.userId(),
            gone.lastReadSeq(),
            state.lastSeq() - gone.lastReadSeq(),
            gone.joinedAt(),
            activity,
            state.fansOutOnRead() ? null : activity,
            true);
    List<UserId> others = new ArrayList<>();
    if (!state.fansOutOnRead()) {
      members.forEach(
          (u, m) -> {
            if (!u.equals(e.userId())) {
              others.add(u);
            }
          });
    }
    return Decision.accepted(after, null, List.of(removed), List.of(removed), others);
  }

  private static Decision send(
      ChatState state, ChatMembers members, IndexedMessage existing, MessageSent e) {
    if (existing != null) {
      return Decision.duplicate(state, Reasons.DUPLICATE_MESSAGE, existing.seq());
    }
    Member sender = members.get(e.actorId());
    if (sender == null) {
      return Decision.rejected(state, Reasons.NOT_MEMBER);
    }
    if (!MessageId.derive(e.chatId(), e.actorId(), e.clientMsgId()).equals(e.messageId())) {
      return Decision.rejected(state, Reasons.INVALID_MESSAGE_ID);
    }
    long seq = state.lastSeq() + 1;
    Instant t = e.occurredAt();
    IndexedMessage entry = new IndexedMessage(seq, e.actorId(), t, null, false);
    MessageView message = entry.view(e.messageId(), e.text());
    ChatState after = state.withLastMessage(seq, max(t, state.lastActivityAt()), message);
    Member moved = new Member(seq, sender.joinedAt());
    MemberView senderView =
        view(after, e.actorId(), moved, sender.activity(state.lastActivityAt()));
    List<MemberView> rooms = new ArrayList<>();
    if (after.fansOutOnRead()) {
      rooms.add(senderView);
    } else {
      members.forEach(
          (u, m) ->
              rooms.add(
                  u.equals(e.actorId())
                      ? senderView
                      : view(after, u, m, m.activity(state.lastActivityAt()))));
    }
    return Decision.accepted(after, seq, List.of(senderView), rooms, List.of())
        .withMessage(e.messageId(), entry, message);
  }

  private static Decision edit(
      ChatState state, ChatMembers members, IndexedMessage existing, MessageEdited e) {
    String problem = authorship(existing, e.actorId());
    if (problem != null) {
      return Decision.rejected(state, problem);
    }
    if (existing.deleted()) {
      return Decision.rejected(state, Reasons.MESSAGE_DELETED);
    }
    IndexedMessage entry =
        new IndexedMessage(
            existing.seq(), existing.senderId(), existing.sentAt(), e.occurredAt(), false);
    return changeMessage(state, members, e.messageId(), entry, entry.view(e.messageId(), e.text()));
  }

  private static Decision delete(
      ChatState state, ChatMembers members, IndexedMessage existing, MessageDeleted e) {
    String problem = authorship(existing, e.actorId());
    if (problem != null) {
      return Decision.rejected(state, problem);
    }
    if (existing.deleted()) {
      return Decision.duplicate(state, Reasons.ALREADY_DELETED, existing.seq());
    }
    IndexedMessage entry =
        new IndexedMessage(
            existing.seq(), existing.senderId(), existing.sentAt(), existing.editedAt(), true);
    return changeMessage(state, members, e.messageId(), entry, entry.view(e.messageId(), null));
  }

  private static String authorship(IndexedMessage existing, UserId actor) {
    if (existing == null) {
      return Reasons.UNKNOWN_MESSAGE;
    }
    return existing.senderId().equals(actor) ? null : Reasons.NOT_SENDER;
  }

  /**
   * An edit or delete changes every member's room only when it hits the newest message (the room
   * list shows it); otherwise the members are only notified. Room activity never changes. In read
   * mode nobody is told here: the chat's one group event tells them.
   */
  private static Decision changeMessage(
      ChatState state, ChatMembers members, MessageId id, IndexedMessage entry, MessageView view) {
    boolean isNewest = state.lastMessage() != null && state.lastMessage().messageId().equals(id);
    ChatState after =
        isNewest ? state.withLastMessage(state.lastSeq(), state.lastActivityAt(), view) : state;
    List<MemberView> rooms = new ArrayList<>();
    List<UserId> everyone = new ArrayList<>();
    if (!after.fansOutOnRead()) {
      members.forEach(
          (u, m) -> {
            if (isNewest) {
              rooms.add(view(after, u, m, m.activity(after.lastActivityAt())));
            } else {
              everyone.add(u);
            }
          });
    }
    return Decision.accepted(after, entry.seq(), List.of(), rooms, everyone)
        .withMessage(id, entry, view);
  }

  /** Markers only move forward and are clamped to last_seq; direct chats tell the other member. */
  private static Decision read(
      ChatState state, ChatMembers members, Member reader, ReadMarkerMoved e) {
    long target = Math.min(e.seq(), state.lastSeq());
    if (target <= reader.lastReadSeq()) {
      return Decision.duplicate(state, Reasons.MARKER_NOT_ADVANCED, reader.lastReadSeq());
    }
    Member moved = new Member(target, reader.joinedAt());
    MemberView view = view(state, e.actorId(), moved, reader.activity(state.lastActivityAt()));
    List<UserId> others = new ArrayList<>();
    if (state.type() == ChatType.DIRECT) {
      members.forEach(
          (u, m) -> {
            if (!u.equals(e.actorId())) {
              others.add(u);
            }
          });
    }
    return Decision.accepted(state, target, List.of(view), List.of(view), others);
  }

  /**
   * A member's view in {@code state}; {@code previous} is the room's activity before the event,
   * left null in read mode (only the switch moves write-side rows).
   */
  private static MemberView view(ChatState state, UserId user, Member m, Instant previous) {
    return new MemberView(
        user,
        m.lastReadSeq(),
        state.lastSeq() - m.lastReadSeq(),
        m.joinedAt(),
        m.activity(state.lastActivityAt()),
        state.fansOutOnRead() ? null : previous,
        false);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

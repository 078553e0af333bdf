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
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.Reasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rules of a chat, as a pure function from (state, event) to a {@link Decision}. Deterministic:
 * times come from the events' {@code occurred_at}, never from a clock, so that a replay decides
 * exactly as the first run did.
 */
public final class ChatRules {
  private final int maxGroupMembers;

  /** Rules with the given maximum group size (the contract's default is 1000). */
  public ChatRules(int maxGroupMembers) {
    if (maxGroupMembers < 2) {
      throw new IllegalArgumentException("a group must allow at least two members");
    }
    this.maxGroupMembers = maxGroupMembers;
  }

  /**
   * Decides on {@code event} given the chat's {@code state} (null when no chat was created yet).
   *
   * @param index looks up the chat's message-index entry for a message id (null when unknown)
   */
  public Decision apply(
      ChatState state, Function<MessageId, IndexedMessage> index, ChatEvent event) {
    if (event instanceof ChatCreated e) {
      return create(state, e);
    }
    if (state == null) {
      return Decision.rejected(null, Reasons.UNKNOWN_CHAT);
    }
    if (event instanceof MessageSent e) {
      return send(state, index.apply(e.messageId()), e);
    }
    if (event instanceof MemberLeft e) {
      return leave(state, e);
    }
    if (!state.isMember(event.actorId())) {
      return Decision.rejected(state, Reasons.NOT_MEMBER);
    }
    if (event instanceof MemberJoined e) {
      return join(state, e);
    }
    if (event instanceof MessageEdited e) {
      return edit(state, index.apply(e.messageId()), e);
    }
    if (event instanceof MessageDeleted e) {
      return delete(state, index.apply(e.messageId()), e);
    }
    return read(state, (ReadMarkerMoved) event);
  }

  private Decision create(ChatState state, ChatCreated e) {
    Set<UserId> listed = new LinkedHashSet<>(e.members());
    boolean valid =
        listed.contains(e.actorId())
            && listed.size() == e.members().size()
            && (e.type() == ChatType.DIRECT
                ? listed.size() == 2
                : listed.size() <= maxGroupMembers);
    if (state != null) {
      return recreate(state, e, listed, valid);
    }
    if (!valid) {
      return Decision.rejected(null, Reasons.INVALID_MEMBERS);
    }
    Instant t = e.occurredAt();
    TreeMap<String, ChatState.Member> members = new TreeMap<>();
    listed.forEach(u -> members.put(u.value(), new ChatState.Member(0, t, t)));
    ChatState created =
        new ChatState(e.chatId(), e.type(), e.title(), e.actorId(), t, 0, t, null, members);
    List<MemberView> views = new ArrayList<>();
    members.keySet().forEach(u -> views.add(created.memberView(u, null)));
    return Decision.accepted(created, null, views, List.of());
  }

  /**
   * A create for an existing chat is a duplicate (an idempotent retry), except that a direct chat
   * re-created by its pair brings back a member who had left it.
   */
  private Decision recreate(ChatState state, ChatCreated e, Set<UserId> listed, boolean valid) {
    List<UserId> missing = listed.stream().filter(u -> !state.isMember(u)).toList();
    if (state.type() != ChatType.DIRECT || e.type() != ChatType.DIRECT || missing.isEmpty()) {
      return Decision.duplicate(state, Reasons.CHAT_EXISTS, null);
    }
    Set<String> pair = new LinkedHashSet<>(state.members().keySet());
    listed.forEach(u -> pair.add(u.value()));
    if (!valid || pair.size() > 2) {
      return Decision.rejected(state, Reasons.INVALID_MEMBERS);
    }
    return addMembers(state, missing, e.occurredAt());
  }

  private Decision join(ChatState state, MemberJoined e) {
    if (state.type() == ChatType.DIRECT) {
      return Decision.rejected(state, Reasons.DIRECT_CHAT);
    }
    if (state.isMember(e.userId())) {
      return Decision.duplicate(state, Reasons.ALREADY_MEMBER, null);
    }
    if (state.members().size() >= maxGroupMembers) {
      return Decision.rejected(state, Reasons.CHAT_FULL);
    }
    return addMembers(state, List.of(e.userId()), e.occurredAt());
  }

  /** Joiners start at the chat's last_seq; their room's activity is the join time. */
  private static Decision addMembers(ChatState state, List<UserId> joiners, Instant t) {
    Instant activity = max(t, state.lastActivityAt());
    Map<String, ChatState.Member> members = new TreeMap<>(state.members());
    List<UserId> others = state.members().keySet().stream().map(UserId::of).toList();
    joiners.forEach(
        u -> members.put(u.value(), new ChatState.Member(state.lastSeq(), t, activity)));
    ChatState after = state.withMembers(members);
    List<MemberView> views = joiners.stream().map(u -> after.memberView(u.value(), null)).toList();
    return Decision.accepted(after, null, views, others);
  }

  private static Decision leave(ChatState state, MemberLeft e) {
    boolean self = e.actorId().equals(e.userId());
    if (!self && !state.isMember(e.actorId())) {
      return Decision.rejected(state, Reasons.NOT_MEMBER);
    }
    if (!state.isMember(e.userId())) {
      return Decision.duplicate(state, Reasons.ALREADY_LEFT, null);
    }
    if (!self && state.type() == ChatType.DIRECT) {
      return Decision.rejected(state, Reasons.DIRECT_CHAT);
    }
    ChatState.Member gone = state.member(e.userId());
    Map<String, ChatState.Member> members = new TreeMap<>(state.members());
    members.remove(e.userId().value());
    ChatState after = state.withMembers(members);
    MemberView removed =
        new MemberView(
            e.userId(),
            gone.lastReadSeq(),
            state.lastSeq() - gone.lastReadSeq(),
            gone.joinedAt(),
            gone.lastActivityAt(),
            gone.lastActivityAt(),
            true);
    List<UserId> others = members.keySet().stream().map(UserId::of).toList();
    return Decision.accepted(after, null, List.of(removed), others);
  }

  private static Decision send(ChatState state, IndexedMessage existing, MessageSent e) {
    if (existing != null) {
      return Decision.duplicate(state, Reasons.DUPLICATE_MESSAGE, existing.seq());
    }
    if (!state.isMember(e.actorId())) {
      return Decision.rejected(state, Reasons.NOT_MEMBER);
    }
    if (!MessageId.derive(e.chatId(), e.actorId(), e.clientMsgId()).equals(e.messageId())) {
      return Decision.rejected(state, Reasons.INVALID_MESSAGE_ID);
    }
    long seq = state.lastSeq() + 1;
    Instant t = e.occurredAt();
    IndexedMessage entry = new IndexedMessage(seq, e.actorId(), t, null, false);
    MessageView view = entry.view(e.messageId(), e.text());
    Map<String, Instant> previous = new TreeMap<>();
    Map<String, ChatState.Member> members = new TreeMap<>();
    state
        .members()
        .forEach(
            (user, m) -> {
              previous.put(user, m.lastActivityAt());
              long read = user.equals(e.actorId().value()) ? seq : m.lastReadSeq();
              members.put(
                  user, new ChatState.Member(read, m.joinedAt(), max(t, m.lastActivityAt())));
            });
    ChatState after =
        state.withMembers(members).withLastMessage(seq, max(t, state.lastActivityAt()), view);
    List<MemberView> views =
        previous.keySet().stream().map(u -> after.memberView(u, previous.get(u))).toList();
    return Decision.accepted(after, seq, views, List.of()).withMessage(e.messageId(), entry, view);
  }

  private static Decision edit(ChatState state, IndexedMessage existing, MessageEdited e) {
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
    return changeMessage(state, e.messageId(), entry, entry.view(e.messageId(), e.text()));
  }

  private static Decision delete(ChatState state, IndexedMessage existing, MessageDeleted e) {
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
    return changeMessage(state, e.messageId(), entry, entry.view(e.messageId(), null));
  }

  private static String authorship(IndexedMessage existing, UserId actor) {
    if (existing == null) {
      return Reasons.UNKNOWN_MESSAGE;
    }
    return existing.senderId().equals(actor) ? null : Reasons.NOT_SENDER;
  }

  /**
   * An edit or delete changes every member's room only when it hits the newest message (the room
   * list shows it); otherwise the members are only notified. Room activity never changes.
   */
  private static Decision changeMessage(
      ChatState state, MessageId id, IndexedMessage entry, MessageView view) {
    List<UserId> everyone = state.members().keySet().stream().map(UserId::of).toList();
    boolean isNewest = state.lastMessage() != null && state.lastMessage().messageId().equals(id);
    if (!isNewest) {
      return Decision.accepted(state, entry.seq(), List.of(), everyone)
          .withMessage(id, entry, view);
    }
    ChatState after = state.withLastMessage(state.lastSeq(), state.lastActivityAt(), view);
    List<MemberView> views =
        after.members().entrySet().stream()
            .map(m -> after.memberView(m.getKey(), m.getValue().lastActivityAt()))
            .toList();
    return Decision.accepted(after, entry.seq(), views, List.of()).withMessage(id, entry, view);
  }

  /** Markers only move forward and are clamped to last_seq; direct chats tell the other member. */
  private static Decision read(ChatState state, ReadMarkerMoved e) {
    ChatState.Member reader = state.member(e.actorId());
    long target = Math.min(e.seq(), state.lastSeq());
    if (target <= reader.lastReadSeq()) {
      return Decision.duplicate(state, Reasons.MARKER_NOT_ADVANCED, reader.lastReadSeq());
    }
    Map<String, ChatState.Member> members = new TreeMap<>(state.members());
    members.put(
        e.actorId().value(),
        new ChatState.Member(target, reader.joinedAt(), reader.lastActivityAt()));
    ChatState after = state.withMembers(members);
    List<UserId> others =
        state.type() == ChatType.DIRECT
            ? members.keySet().stream()
                .filter(u -> !u.equals(e.actorId().value()))
                .map(UserId::of)
                .toList()
            : List.of();
    MemberView view = after.memberView(e.actorId().value(), reader.lastActivityAt());
    return Decision.accepted(after, target, List.of(view), others);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

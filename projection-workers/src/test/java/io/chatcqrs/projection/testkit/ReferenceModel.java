package io.chatcqrs.projection.testkit;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain in-memory model of the chat rules, written independently of the projection's topology,
 * that the fault checks rebuild from {@code chat.events.v1} and compare every read model against.
 * Shared by the projection ITs and the reliability suite (through this module's test-jar).
 *
 * <p>It also follows each chat's fan-out mode as docs/large-groups.md defines it: direct chats are
 * always {@link FanOutMode#WRITE}; a group is {@link FanOutMode#READ} once its member count after a
 * create or a join exceeds the projection's {@code chat.fanout-read-threshold}, and stays READ
 * whatever leaves follow. The mode decides only where a member's room lives in Cassandra, never
 * what the member sees.
 */
public final class ReferenceModel {
  public final int maxMembers;
  public final int fanOutReadThreshold;
  public final Map<String, Chat> chats = new TreeMap<>();
  public int accepted;
  public int notAccepted;

  /**
   * A model of a projection configured with {@code chat.max-group-members = maxMembers} and {@code
   * chat.fanout-read-threshold = fanOutReadThreshold}.
   */
  public ReferenceModel(int maxMembers, int fanOutReadThreshold) {
    this.maxMembers = maxMembers;
    this.fanOutReadThreshold = fanOutReadThreshold;
  }

  /** A message as history must show it. */
  public static final class Msg {
    public String id;
    public long seq;
    public String sender;
    public String text;
    public Instant sentAt;
    public Instant editedAt;
    public boolean deleted;
  }

  /** A member's room state. */
  public static final class Member {
    public long lastRead;
    public Instant activity;
    public Instant joinedAt;
  }

  /** A chat's state. */
  public static final class Chat {
    public ChatType type;
    public long lastSeq;
    public final Map<String, Member> members = new TreeMap<>();
    public final List<Msg> messages = new ArrayList<>();
    public final Map<String, Msg> byId = new HashMap<>();
    public Instant lastActivity;
    public FanOutMode fanOut = FanOutMode.WRITE;
  }

  /** Applies one event; returns whether it took effect. */
  public boolean apply(ChatEvent event) {
    boolean took = decide(event);
    if (took) {
      accepted++;
    } else {
      notAccepted++;
    }
    return took;
  }

  private boolean decide(ChatEvent event) {
    Chat c = chats.get(event.chatId().value());
    String actor = event.actorId().value();
    Instant t = event.occurredAt();
    if (event instanceof ChatCreated e) {
      List<String> ms = e.members().stream().map(UserId::value).toList();
      boolean valid =
          ms.contains(actor)
              && ms.stream().distinct().count() == ms.size()
              && (e.type() == ChatType.DIRECT ? ms.size() == 2 : ms.size() <= maxMembers);
      if (c != null) {
        if (c.type != ChatType.DIRECT || e.type() != ChatType.DIRECT || !valid) {
          return false;
        }
        List<String> missing = ms.stream().filter(u -> !c.members.containsKey(u)).toList();
        var pair = new java.util.TreeSet<>(c.members.keySet());
        pair.addAll(ms);
        if (missing.isEmpty() || pair.size() > 2) {
          return false;
        }
        missing.forEach(u -> addMember(c, u, t));
        return true;
      }
      if (!valid) {
        return false;
      }
      Chat n = new Chat();
      n.type = e.type();
      n.lastActivity = t;
      for (String u : ms) {
        Member m = new Member();
        m.activity = t;
        m.joinedAt = t;
        n.members.put(u, m);
      }
      updateMode(n);
      chats.put(e.chatId().value(), n);
      return true;
    }
    if (c == null) {
      return false;
    }
    if (event instanceof MessageSent e) {
      if (c.byId.containsKey(e.messageId().value()) || !c.members.containsKey(actor)) {
        return false;
      }
      if (!MessageId.derive(e.chatId(), e.actorId(), e.clientMsgId()).equals(e.messageId())) {
        return false;
      }
      Msg m = new Msg();
      m.id = e.messageId().value();
      m.seq = ++c.lastSeq;
      m.sender = actor;
      m.text = e.text();
      m.sentAt = t;
      c.messages.add(m);
      c.byId.put(m.id, m);
      c.lastActivity = max(c.lastActivity, t);
      c.members.values().forEach(mb -> mb.activity = max(mb.activity, t));
      c.members.get(actor).lastRead = m.seq;
      return true;
    }
    if (event instanceof MemberLeft e) {
      String user = e.userId().value();
      boolean self = actor.equals(user);
      if (!self && !c.members.containsKey(actor)) {
        return false;
      }
      if (!c.members.containsKey(user) || (!self && c.type == ChatType.DIRECT)) {
        return false;
      }
      c.members.remove(user);
      return true;
    }
    if (!c.members.containsKey(actor)) {
      return false;
    }
    if (event instanceof MemberJoined e) {
      String user = e.userId().value();
      if (c.type == ChatType.DIRECT
          || c.members.containsKey(user)
          || c.members.size() >= maxMembers) {
        return false;
      }
      addMember(c, user, t);
      updateMode(c);
      return true;
    }
    if (event instanceof MessageEdited e) {
      Msg m = c.byId.get(e.messageId().value());
      if (m == null || !m.sender.equals(actor) || m.deleted) {
        return false;
      }
      m.text = e.text();
      m.editedAt = t;
      return true;
    }
    if (event instanceof MessageDeleted e) {
      Msg m = c.byId.get(e.messageId().value());
      if (m == null || !m.sender.equals(actor) || m.deleted) {
        return false;
      }
      m.deleted = true;
      m.text = null;
      return true;
    }
    ReadMarkerMoved e = (ReadMarkerMoved) event;
    Member me = c.members.get(actor);
    long target = Math.min(e.seq(), c.lastSeq);
    if (target <= me.lastRead) {
      return false;
    }
    me.lastRead = target;
    return true;
  }

  private static void addMember(Chat c, String user, Instant t) {
    Member m = new Member();
    m.lastRead = c.lastSeq;
    m.activity = max(t, c.lastActivity);
    m.joinedAt = t;
    c.members.put(user, m);
  }

  /** After a create or a join: a group above the threshold is READ from then on. */
  private void updateMode(Chat c) {
    if (c.type == ChatType.GROUP && c.members.size() > fanOutReadThreshold) {
      c.fanOut = FanOutMode.READ;
    }
  }

  /** The chat's fan-out mode (WRITE for a chat the model does not know). */
  public FanOutMode fanOut(String chatId) {
    Chat c = chats.get(chatId);
    return c == null ? FanOutMode.WRITE : c.fanOut;
  }

  /** Each user's rooms: chat id to member state. */
  public Map<String, Map<String, Member>> roomsByUser() {
    Map<String, Map<String, Member>> out = new TreeMap<>();
    chats.forEach(
        (id, c) ->
            c.members.forEach((u, m) -> out.computeIfAbsent(u, k -> new TreeMap<>()).put(id, m)));
    return out;
  }

  /** The user's total unread count. */
  public long totalUnread(String user) {
    long total = 0;
    for (Chat c : chats.values()) {
      Member m = c.members.get(user);
      if (m != null) {
        total += c.lastSeq - m.lastRead;
      }
    }
    return total;
  }

  /**
   * The part of the user's total unread count in {@link FanOutMode#WRITE} chats: what the user
   * stage maintains in {@code user_totals} (the room list adds the READ chats' share at read time).
   */
  public long writeSideTotalUnread(String user) {
    long total = 0;
    for (Chat c : chats.values()) {
      Member m = c.members.get(user);
      if (m != null && c.fanOut == FanOutMode.WRITE) {
        total += c.lastSeq - m.lastRead;
      }
    }
    return total;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

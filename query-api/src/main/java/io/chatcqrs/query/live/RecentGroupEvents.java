package io.chatcqrs.query.live;

import io.chatcqrs.events.projection.GroupEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The hub's short memory of the group feed, so that a connection that starts following a chat late
 * (its user's own {@code room} event comes through two Kafka transactions, the chat's group events
 * through one) can be given what it missed, from an exact seam: a chat's group events and its
 * rooms' {@code source} positions are all chat.events.v1 positions of one partition (the chat's),
 * so "after the room's source offset" is exactly "not reflected in that room".
 *
 * <p>Per chat, the last {@code perChat} events that are at most {@code retention} old, and at most
 * {@code maxEvents} over all chats (the oldest go first): memory is bounded whatever the traffic. A
 * chat that lost an event to the per-chat or the overall cap remembers the highest offset it lost
 * ({@link #complete}), so a replay that would have a hole is detected instead of silently short.
 * Separately, the latest {@code member_joined} / {@code member_left} of each (chat, member) seen in
 * the last {@code retention} (at most {@code maxEvents} entries), to tell a connection that loads a
 * {@code large_rooms_by_user} row the sink has not deleted yet that the member has left. Events
 * without a source position (never the case for the projection's records) are not remembered. Not
 * thread-safe: used on the hub's context only.
 */
public final class RecentGroupEvents {
  /** Defaults: 256 events per chat, 100,000 overall, for 60 s. */
  public record Limits(int perChat, int maxEvents, Duration retention) {
    /** The defaults. */
    public static final Limits DEFAULT = new Limits(256, 100_000, Duration.ofSeconds(60));

    /** Checks the bounds. */
    public Limits {
      if (perChat < 1 || maxEvents < 1 || retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("group buffer limits must be positive");
      }
    }
  }

  /** The latest membership event of one member in one chat. */
  record Membership(boolean left, long offset, long atNanos) {}

  private static final class Entry {
    final GroupEvent event;
    final long atNanos;
    boolean dropped;

    Entry(GroupEvent event, long atNanos) {
      this.event = event;
      this.atNanos = atNanos;
    }

    long offset() {
      return event.source().offset();
    }
  }

  private static final class Chat {
    final ArrayDeque<Entry> events = new ArrayDeque<>();
    long lostUpTo = -1;
  }

  private final Limits limits;
  private final LongSupplier nanos;
  private final Map<String, Chat> byChat = new HashMap<>();
  private ArrayDeque<Entry> arrival = new ArrayDeque<>();
  private final LinkedHashMap<String, Membership> memberships = new LinkedHashMap<>();
  private int size;
  private long lastOverallLoss = Long.MIN_VALUE;
  private boolean lostOverall;

  /** A buffer with {@code limits}, aging entries by {@code nanos} (System::nanoTime in service). */
  public RecentGroupEvents(Limits limits, LongSupplier nanos) {
    this.limits = limits;
    this.nanos = nanos;
  }

  /** Remembers {@code event} (in the feed's order). */
  public void add(GroupEvent event) {
    long now = nanos.getAsLong();
    expire(now);
    if (event.source() == null) {
      return;
    }
    String chatId = event.chatId().value();
    Entry entry = new Entry(event, now);
    Chat chat = byChat.computeIfAbsent(chatId, c -> new Chat());
    chat.events.addLast(entry);
    arrival.addLast(entry);
    size++;
    if (chat.events.size() > limits.perChat()) {
      drop(chat, chat.events.pollFirst(), true);
    }
    while (size > limits.maxEvents()) {
      dropOldest(now);
    }
    if (arrival.size() > 2 * limits.maxEvents()) {
      ArrayDeque<Entry> live = new ArrayDeque<>(size);
      for (Entry e : arrival) {
        if (!e.dropped) {
          live.addLast(e);
        }
      }
      arrival = live;
    }
    String member = SseHub.memberOf(event);
    if (member != null) {
      String key = chatId + "/" + member;
      memberships.remove(key);
      memberships.put(key, new Membership("member_left".equals(event.kind()), entry.offset(), now));
      Iterator<Membership> oldest = memberships.values().iterator();
      while (memberships.size() > limits.maxEvents() && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** The remembered events of {@code chatId} at or after {@code offset}, in order. */
  public List<GroupEvent> from(String chatId, long offset) {
    expire(nanos.getAsLong());
    Chat chat = byChat.get(chatId);
    if (chat == null) {
      return List.of();
    }
    List<GroupEvent> out = new ArrayList<>();
    for (Entry entry : chat.events) {
      if (entry.offset() >= offset) {
        out.add(entry.event);
      }
    }
    return out;
  }

  /**
   * Whether every event of {@code chatId} at or after {@code offset} that this buffer saw in the
   * retention period is still in it: false when the chat's cap pushed out one at or above {@code
   * offset}, or when the overall cap pushed out events recently and nothing of the chat is left.
   */
  public boolean complete(String chatId, long offset) {
    expire(nanos.getAsLong());
    Chat chat = byChat.get(chatId);
    if (chat == null) {
      return !lostOverall;
    }
    return chat.lostUpTo < offset;
  }

  /** The latest membership event of {@code userId} in {@code chatId} remembered, or null. */
  Membership membership(String chatId, String userId) {
    expire(nanos.getAsLong());
    return memberships.get(chatId + "/" + userId);
  }

  /** The number of events remembered. */
  public int size() {
    return size;
  }

  private void expire(long now) {
    long retention = limits.retention().toNanos();
    while (!arrival.isEmpty() && now - arrival.peekFirst().atNanos > retention) {
      Entry entry = arrival.pollFirst();
      if (!entry.dropped) {
        Chat chat = byChat.get(entry.event.chatId().value());
        drop(chat, chat.events.pollFirst(), false);
      }
    }
    if (lostOverall && now - lastOverallLoss > retention) {
      lostOverall = false;
    }
    Iterator<Membership> oldest = memberships.values().iterator();
    while (oldest.hasNext()) {
      if (now - oldest.next().atNanos() <= retention) {
        break;
      }
      oldest.remove();
    }
  }

  /** Pushes out the oldest remembered event (the overall cap). */
  private void dropOldest(long now) {
    while (!arrival.isEmpty()) {
      Entry entry = arrival.pollFirst();
      if (!entry.dropped) {
        Chat chat = byChat.get(entry.event.chatId().value());
        drop(chat, chat.events.pollFirst(), true);
        lostOverall = true;
        lastOverallLoss = now;
        return;
      }
    }
  }

  /** {@code entry} (the first of {@code chat}) leaves the buffer; {@code lost}: before its time. */
  private void drop(Chat chat, Entry entry, boolean lost) {
    entry.dropped = true;
    size--;
    if (lost) {
      chat.lostUpTo = Math.max(chat.lostUpTo, entry.offset());
    }
    if (chat.events.isEmpty()) {
      byChat.remove(entry.event.chatId().value());
    }
  }
}

package io.chatcqrs.query.live;

import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.query.read.rooms.LargeRoom;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's registry of live connections and the dispatcher of the user-events feed to them.
 *
 * <p>The feed's batches and the registrations run on the same Vert.x context, so registering a
 * connection and reading the dispatch position of a partition ({@link #nextOffset}) happen
 * atomically with respect to dispatch: every event after {@link #seamOffset} reaches the new
 * connection's buffer. That is the first half of the resume seam (see {@link SseConnection}).
 *
 * <p>Large groups (chats in fan-out-on-read mode) reach connections through the group feed ({@link
 * #dispatchGroup}): each connection follows its user's large chats, read from {@code
 * large_rooms_by_user} when it connects ({@link #loadingGroups}, {@link #groupsLoaded}) and then
 * kept up to date from the user's own user events: a room of a chat in read mode subscribes (and
 * caches the user's marker there), a removed one unsubscribes, and so does a {@code member_left}
 * naming the user. A {@code message} is not delivered to its sender (their own user event tells
 * their devices), nor a {@code member_joined} / {@code member_left} to the member it is about
 * (their {@code room} event does); a {@code message} carries each receiver's {@code unread_count} =
 * the chat's last seq minus the connection's cached marker. On connect a connection gets one {@code
 * room} event per large group (the room as the room list shows it), so a client that reconnects
 * learns each large group's last seq and unread count, and fetches the history it missed.
 *
 * <p>Seams. A user's {@code room} event travels two Kafka transactions (the fan-out repartition and
 * the user stage), the chat's group events one, so the group events of the chat event that made the
 * user a follower (the join, the switch to read mode) and those right after it arrive first. The
 * hub keeps the recent group events per chat ({@link RecentGroupEvents}, bounded) and, when a room
 * subscribes a connection, replays those at or after the room's source offset: a chat's group
 * events and its rooms carry chat.events.v1 positions of the chat's one partition, so that is exact
 * (the causing event itself is included: at the switch the other members learn of the join from its
 * {@code member_joined}; the joiner's own, or a sender's message, is skipped as usual). If the
 * buffer lost events above that offset to its caps, the connection is closed instead (the client
 * reconnects and gets the {@code room} events). At connect, group events are held for the
 * connection while its large groups are read (at most {@value #MAX_HELD}; beyond, the connection is
 * closed, likewise); each loaded room is then followed by the held and recent events after the
 * position its {@code chats} row reflects ({@link LargeRoom#chatOffset()}), none twice: an event is
 * not held for a chat the connection already follows, and a chat a user event subscribed during the
 * load is left as it is.
 *
 * <p>A loaded {@code large_rooms_by_user} row the sink has not deleted yet must not subscribe a
 * user who left: the row is skipped when the hub saw, in the buffer's retention, a {@code
 * member_left} of the user after the row's own position ({@link LargeRoom#markerOffset()}) and no
 * later {@code member_joined}; a removal the hub sees after the connection registered reaches it as
 * a {@code member_left} or the user's removed {@code room}. Assumed: the sink deletes the row
 * within the retention of the removal's group event (60 s by default; the sink deletes it from the
 * sequenced record, one transaction after the chat event, like the group event).
 *
 * <p>Bounded: at most {@code maxPerUser} connections per user (a new one closes the user's oldest,
 * usually a half-dead socket the client already left) and {@code maxTotal} overall.
 */
public final class SseHub {
  private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);

  /** Why the hub closed a connection it could not deliver every group event to. */
  public enum GroupGap {
    /** More group events arrived while its large groups were read than it may hold. */
    HELD_OVERFLOW,
    /** The recent group events of a chat it began to follow lost some it needed. */
    REPLAY_INCOMPLETE
  }

  /** Told about every connection closed for a {@link GroupGap}, for metrics. */
  public interface GroupGapListener {
    /** A connection was closed for {@code gap}. */
    void closed(GroupGap gap);
  }

  private final int maxPerUser;
  private final int maxTotal;
  private final Map<String, List<SseConnection>> byUser = new HashMap<>();
  private final Map<Integer, Long> next = new HashMap<>();
  private final Map<Integer, Long> lastDispatched = new HashMap<>();

  /** Group events held per connection while its large groups are read. */
  static final int MAX_HELD = 1000;

  private final Map<String, Set<SseConnection>> byChat = new HashMap<>();
  private final Map<SseConnection, List<GroupEvent>> loading = new LinkedHashMap<>();
  private final RecentGroupEvents recent;
  private GroupDeliveryListener groupListener = (event, connections) -> {};
  private GroupGapListener gapListener = gap -> {};
  private final DeliveryListener listener;
  private boolean ready;
  private volatile int total;

  /** Told about every event written to a connection, for metrics. */
  public interface DeliveryListener {
    /** {@code event} was handed to {@code connections} connections. */
    void delivered(SseEvent event, int connections);
  }

  /** Told about every group event written to connections, for metrics. */
  public interface GroupDeliveryListener {
    /** {@code event} was handed to {@code connections} connections. */
    void delivered(GroupEvent event, int connections);
  }

  /** A hub with the given caps and the default group buffer. */
  public SseHub(int maxPerUser, int maxTotal, DeliveryListener listener) {
    this(
        maxPerUser,
        maxTotal,
        listener,
        new RecentGroupEvents(RecentGroupEvents.Limits.DEFAULT, System::nanoTime));
  }

  /** A hub with the given caps, remembering recent group events in {@code recent}. */
  public SseHub(int maxPerUser, int maxTotal, DeliveryListener listener, RecentGroupEvents recent) {
    this.maxPerUser = maxPerUser;
    this.maxTotal = maxTotal;
    this.listener = listener;
    this.recent = recent;
  }

  /** Whether the feed has started (its start positions are known). */
  public boolean ready() {
    return ready;
  }

  /**
   * The feed started at {@code positions}: per partition, the offset just above the last record
   * before the feed's start.
   */
  public void start(Map<Integer, Long> positions) {
    next.putAll(positions);
    ready = true;
  }

  /**
   * The seam of {@code partition}: the offset of the last event this instance dispatched there (or,
   * before the first one, the offset just below where the feed started). Every event at or below it
   * was dispatched before now, every event above it will be dispatched from now on. Empty when the
   * partition is unknown.
   */
  public OptionalLong seamOffset(int partition) {
    Long dispatched = lastDispatched.get(partition);
    if (dispatched != null) {
      return OptionalLong.of(dispatched);
    }
    Long offset = next.get(partition);
    return offset == null ? OptionalLong.empty() : OptionalLong.of(offset - 1);
  }

  /** Reports group deliveries to {@code listener}. */
  public void onGroupDelivered(GroupDeliveryListener listener) {
    this.groupListener = listener;
  }

  /** Reports connections closed for a {@link GroupGap} to {@code listener}. */
  public void onGroupGap(GroupGapListener listener) {
    this.gapListener = listener;
  }

  /**
   * Where a new stream of {@code userId} starts in the user stream: the seam of the user's
   * partition (the default partitioner's, by key, over the partitions the feed was assigned), as an
   * id a resume accepts. Null before the feed started.
   */
  public EventId startPosition(String userId) {
    int partitions = next.size();
    if (partitions == 0) {
      return null;
    }
    int partition =
        Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    OptionalLong seam = seamOffset(partition);
    return seam.isEmpty()
        ? null
        : new EventId(partition, seam.getAsLong(), System.currentTimeMillis());
  }

  /** The number of open connections. */
  public int connections() {
    return total;
  }

  /**
   * Registers a connection. Returns false (and registers nothing) when the instance is at its
   * overall cap; closes the user's oldest connection when the user is at theirs.
   */
  public boolean register(SseConnection connection) {
    if (total >= maxTotal) {
      return false;
    }
    List<SseConnection> mine = byUser.get(connection.userId());
    while (mine != null && mine.size() >= maxPerUser) {
      mine.get(0).close();
      mine = byUser.get(connection.userId());
    }
    byUser.computeIfAbsent(connection.userId(), u -> new ArrayList<>()).add(connection);
    total++;
    connection.onClose(() -> unregister(connection));
    return true;
  }

  /** Dispatches a batch of the feed (in offset order per partition) to connected users. */
  public void dispatch(List<SseEvent> batch) {
    for (SseEvent event : batch) {
      next.merge(event.partition(), event.offset() + 1, Math::max);
      lastDispatched.merge(event.partition(), event.offset(), Math::max);
      List<SseConnection> mine = byUser.get(event.userId());
      if (mine == null) {
        continue;
      }
      RoomView large = event.largeRoom();
      for (SseConnection connection : List.copyOf(mine)) {
        connection.live(event);
        if (large != null) {
          follow(connection, large);
        }
      }
      listener.delivered(event, mine.size());
    }
  }

  /**
   * Marks {@code connection} as reading its user's large groups: group events are held for it until
   * {@link #groupsLoaded}.
   */
  public void loadingGroups(SseConnection connection) {
    if (connection.state() == SseConnection.State.CLOSED) {
      return;
    }
    connection.loadingGroups(true);
    loading.put(connection, new ArrayList<>());
  }

  /**
   * The user's large groups were read: subscribes {@code connection} to each (unless the user left
   * it meanwhile, or already follows it from a user event), and writes for each one {@code room}
   * event, then the group events held or remembered after the position its chat row reflects.
   */
  public void groupsLoaded(SseConnection connection, List<LargeRoom> rooms) {
    if (!loading.containsKey(connection)) {
      return;
    }
    List<GroupEvent> held = loading.remove(connection);
    for (LargeRoom large : rooms) {
      String chatId = large.room().chatId();
      if (connection.state() == SseConnection.State.CLOSED) {
        return;
      }
      if (connection.leftWhileLoading().contains(chatId)
          || connection.markers().containsKey(chatId)) {
        continue;
      }
      // the user is a member as of their row; the latest join or leave the hub saw may be newer
      long settled = large.markerOffset();
      RecentGroupEvents.Membership last = recent.membership(chatId, connection.userId());
      if (last != null && last.offset() > settled) {
        if (last.left()) {
          continue;
        }
        settled = last.offset();
      }
      subscribe(connection, chatId, large.room().lastReadSeq());
      connection.group("room", large.room().toJson().encode());
      replay(connection, chatId, missed(chatId, large.chatOffset(), held), settled);
    }
    connection.loadingGroups(false);
  }

  /**
   * The events of {@code chatId} after {@code offset}: the remembered ones from before the
   * connection began loading (those below the first held one of the chat), then the held ones.
   */
  private List<GroupEvent> missed(String chatId, long offset, List<GroupEvent> held) {
    List<GroupEvent> mine = new ArrayList<>();
    for (GroupEvent event : held) {
      if (event.chatId().value().equals(chatId)
          && (event.source() == null || event.source().offset() > offset)) {
        mine.add(event);
      }
    }
    long firstHeld = Long.MAX_VALUE;
    for (GroupEvent event : mine) {
      if (event.source() != null) {
        firstHeld = event.source().offset();
        break;
      }
    }
    List<GroupEvent> out = new ArrayList<>();
    for (GroupEvent event : recent.from(chatId, offset + 1)) {
      if (event.source().offset() < firstHeld) {
        out.add(event);
      }
    }
    out.addAll(mine);
    return out;
  }

  /**
   * Writes {@code events} of {@code chatId} to {@code connection} while it follows the chat,
   * skipping its user's own joins and leaves at or below {@code settled} (the membership the
   * subscription already reflects).
   */
  private void replay(
      SseConnection connection, String chatId, List<GroupEvent> events, long settled) {
    for (GroupEvent event : events) {
      if (!connection.markers().containsKey(chatId)) {
        return;
      }
      if (event.source() != null
          && event.source().offset() <= settled
          && connection.userId().equals(memberOf(event))) {
        continue; // a join or leave of the user the subscription already reflects
      }
      deliver(connection, event, event.data().toString());
    }
  }

  /**
   * Dispatches a batch of the group feed (in offset order per partition) to subscribed connections.
   */
  public void dispatchGroup(List<GroupEvent> batch) {
    for (GroupEvent event : batch) {
      recent.add(event);
      String chatId = event.chatId().value();
      List<SseConnection> overflowed = null;
      for (Map.Entry<SseConnection, List<GroupEvent>> waiting : loading.entrySet()) {
        if (waiting.getKey().markers().containsKey(chatId)) {
          continue; // delivered live below
        }
        List<GroupEvent> held = waiting.getValue();
        if (held.size() >= MAX_HELD) {
          if (overflowed == null) {
            overflowed = new ArrayList<>();
          }
          overflowed.add(waiting.getKey());
        } else {
          held.add(event);
        }
      }
      if (overflowed != null) {
        for (SseConnection connection : overflowed) {
          closeForGap(connection, GroupGap.HELD_OVERFLOW);
        }
      }
      Set<SseConnection> subscribers = byChat.get(chatId);
      if (subscribers == null) {
        continue;
      }
      String base = event.data().toString();
      int delivered = 0;
      for (SseConnection connection : List.copyOf(subscribers)) {
        if (deliver(connection, event, base)) {
          delivered++;
        }
      }
      groupListener.delivered(event, delivered);
    }
  }

  private void closeForGap(SseConnection connection, GroupGap gap) {
    LOG.warn(
        "closing a stream of {}: {} (the client reconnects and gets its large groups' rooms)",
        connection.userId(),
        gap);
    gapListener.closed(gap);
    connection.close();
  }

  /** The connections following {@code chatId} (for tests and metrics). */
  int subscribers(String chatId) {
    Set<SseConnection> subscribers = byChat.get(chatId);
    return subscribers == null ? 0 : subscribers.size();
  }

  /** The member a {@code member_joined} / {@code member_left} is about, else null. */
  static String memberOf(GroupEvent event) {
    String kind = event.kind();
    return "member_joined".equals(kind) || "member_left".equals(kind)
        ? event.data().path("user_id").asText(null)
        : null;
  }

  private boolean deliver(SseConnection connection, GroupEvent event, String base) {
    String self = connection.userId();
    String kind = event.kind();
    boolean message = "message".equals(kind);
    if (message && event.senderId() != null && self.equals(event.senderId().value())) {
      return false;
    }
    if (self.equals(memberOf(event))) {
      if ("member_left".equals(kind)) {
        unsubscribe(connection, event.chatId().value());
        if (connection.loadingGroups()) {
          connection.leftWhileLoading().add(event.chatId().value());
        }
      }
      return false;
    }
    String data = base;
    if (message) {
      Long marker = connection.markers().get(event.chatId().value());
      long unread = marker == null ? 0 : Math.max(0, event.lastSeq() - marker);
      data = withUnread(base, unread);
    }
    connection.group(kind, data);
    return true;
  }

  /** {@code json} (an object) with {@code unread_count} added last, without re-encoding it. */
  static String withUnread(String json, long unread) {
    String field = "\"unread_count\":" + unread + "}";
    String body = json.substring(0, json.length() - 1).stripTrailing();
    return body.endsWith("{") ? body + field : body + "," + field;
  }

  private void follow(SseConnection connection, RoomView room) {
    String chatId = room.chatId().value();
    if (room.removed()) {
      unsubscribe(connection, chatId);
      if (connection.loadingGroups()) {
        connection.leftWhileLoading().add(chatId);
      }
    } else if (connection.markers().containsKey(chatId)) {
      connection.markers().merge(chatId, room.lastReadSeq(), Math::max);
    } else {
      connection.leftWhileLoading().remove(chatId);
      subscribe(connection, chatId, room.lastReadSeq());
      long from = room.source().offset();
      if (!recent.complete(chatId, from)) {
        closeForGap(connection, GroupGap.REPLAY_INCOMPLETE);
        return;
      }
      replay(connection, chatId, recent.from(chatId, from), from);
    }
  }

  private void subscribe(SseConnection connection, String chatId, long marker) {
    if (connection.state() == SseConnection.State.CLOSED) {
      return;
    }
    connection.markers().merge(chatId, marker, Math::max);
    byChat.computeIfAbsent(chatId, c -> new HashSet<>()).add(connection);
  }

  private void unsubscribe(SseConnection connection, String chatId) {
    connection.markers().remove(chatId);
    Set<SseConnection> subscribers = byChat.get(chatId);
    if (subscribers != null && subscribers.remove(connection) && subscribers.isEmpty()) {
      byChat.remove(chatId);
    }
  }

  /** Writes {@code chunk} (a heartbeat comment) to every live connection. */
  public void broadcast(String chunk) {
    List<SseConnection> all = new ArrayList<>();
    byUser.values().forEach(all::addAll);
    for (SseConnection connection : all) {
      if (connection.state() == SseConnection.State.LIVE) {
        connection.control(chunk);
      }
    }
  }

  /** Closes every connection (at shutdown). */
  public void closeAll() {
    List<SseConnection> all = new ArrayList<>();
    byUser.values().forEach(all::addAll);
    all.forEach(SseConnection::close);
  }

  private void unregister(SseConnection connection) {
    loading.remove(connection);
    for (String chatId : List.copyOf(connection.markers().keySet())) {
      unsubscribe(connection, chatId);
    }
    List<SseConnection> mine = byUser.get(connection.userId());
    if (mine != null && mine.remove(connection)) {
      total--;
      if (mine.isEmpty()) {
        byUser.remove(connection.userId());
      }
    }
  }
}

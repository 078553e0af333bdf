package io.chatcqrs.query.live;

import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.query.read.rooms.Room;
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
 * large_rooms_by_user} when it connects ({@link #loadingGroups}, {@link #groupsLoaded}; group
 * events arriving meanwhile are held, up to {@value #MAX_HELD}) and then kept up to date from the
 * user's own user events: a room of a chat in read mode subscribes (and caches the user's marker
 * there), a removed one unsubscribes. A {@code message} is not delivered to its sender (their own
 * user event tells their devices), nor a {@code member_joined} / {@code member_left} to the member
 * it is about (their {@code room} event does); a {@code message} carries each receiver's {@code
 * unread_count} = the chat's last seq minus the connection's cached marker. On connect a connection
 * gets one {@code room} event per large group (the room as the room list shows it), so a client
 * that reconnects learns each large group's last seq and unread count, and fetches the history it
 * missed.
 *
 * <p>Bounded: at most {@code maxPerUser} connections per user (a new one closes the user's oldest,
 * usually a half-dead socket the client already left) and {@code maxTotal} overall.
 */
public final class SseHub {
  private final int maxPerUser;
  private final int maxTotal;
  private final Map<String, List<SseConnection>> byUser = new HashMap<>();
  private final Map<Integer, Long> next = new HashMap<>();
  private final Map<Integer, Long> lastDispatched = new HashMap<>();

  /** Group events held per connection while its large groups are read. */
  static final int MAX_HELD = 1000;

  private final Map<String, Set<SseConnection>> byChat = new HashMap<>();
  private final Map<SseConnection, List<GroupEvent>> loading = new LinkedHashMap<>();
  private GroupDeliveryListener groupListener = (event, connections) -> {};
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

  /** A hub with the given caps. */
  public SseHub(int maxPerUser, int maxTotal, DeliveryListener listener) {
    this.maxPerUser = maxPerUser;
    this.maxTotal = maxTotal;
    this.listener = listener;
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
   * The user's large groups were read: subscribes {@code connection} to each (unless the user's own
   * events removed them meanwhile), writes one {@code room} event per group, then the group events
   * held meanwhile for those chats.
   */
  public void groupsLoaded(SseConnection connection, List<Room> rooms) {
    if (!loading.containsKey(connection)) {
      return;
    }
    List<GroupEvent> held = loading.remove(connection);
    for (Room room : rooms) {
      if (connection.leftWhileLoading().contains(room.chatId())) {
        continue;
      }
      subscribe(connection, room.chatId(), room.lastReadSeq());
      connection.group("room", room.toJson().encode());
    }
    connection.loadingGroups(false);
    if (held != null) {
      for (GroupEvent event : held) {
        if (connection.markers().containsKey(event.chatId().value())) {
          deliver(connection, event, event.data().toString());
        }
      }
    }
  }

  /**
   * Dispatches a batch of the group feed (in offset order per partition) to subscribed connections.
   */
  public void dispatchGroup(List<GroupEvent> batch) {
    for (GroupEvent event : batch) {
      for (Map.Entry<SseConnection, List<GroupEvent>> waiting : loading.entrySet()) {
        List<GroupEvent> held = waiting.getValue();
        if (held != null) {
          held.add(event);
          if (held.size() > MAX_HELD) {
            waiting.setValue(null);
          }
        }
      }
      Set<SseConnection> subscribers = byChat.get(event.chatId().value());
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

  /** The connections following {@code chatId} (for tests and metrics). */
  int subscribers(String chatId) {
    Set<SseConnection> subscribers = byChat.get(chatId);
    return subscribers == null ? 0 : subscribers.size();
  }

  private boolean deliver(SseConnection connection, GroupEvent event, String base) {
    String self = connection.userId();
    String kind = event.kind();
    boolean message = "message".equals(kind);
    if (message && event.senderId() != null && self.equals(event.senderId().value())) {
      return false;
    }
    if (("member_joined".equals(kind) || "member_left".equals(kind))
        && self.equals(event.data().path("user_id").asText(null))) {
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
    } else {
      connection.leftWhileLoading().remove(chatId);
      subscribe(connection, chatId, room.lastReadSeq());
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

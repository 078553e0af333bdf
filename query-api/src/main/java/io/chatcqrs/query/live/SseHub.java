package io.chatcqrs.query.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * This instance's registry of live connections and the dispatcher of the user-events feed to them.
 *
 * <p>The feed's batches and the registrations run on the same Vert.x context, so registering a
 * connection and reading the dispatch position of a partition ({@link #nextOffset}) happen
 * atomically with respect to dispatch: every event after {@link #seamOffset} reaches the new
 * connection's buffer. That is the first half of the resume seam (see {@link SseConnection}).
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
  private final DeliveryListener listener;
  private boolean ready;
  private volatile int total;

  /** Told about every event written to a connection, for metrics. */
  public interface DeliveryListener {
    /** {@code event} was handed to {@code connections} connections. */
    void delivered(SseEvent event, int connections);
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
      for (SseConnection connection : List.copyOf(mine)) {
        connection.live(event);
      }
      listener.delivered(event, mine.size());
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
    List<SseConnection> mine = byUser.get(connection.userId());
    if (mine != null && mine.remove(connection)) {
      total--;
      if (mine.isEmpty()) {
        byUser.remove(connection.userId());
      }
    }
  }
}

package io.chatcqrs.query.live;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client's live stream, and the seam between resume and live delivery.
 *
 * <p>A connection starts {@link State#RESUMING}: live events for the user are buffered (at most
 * {@code maxPending}) while the resume replays the inbox. {@link #goLive} writes the replayed
 * events, then the buffered ones, skipping any event at or below the last offset already sent on
 * its partition, so that the seam has neither a gap (the buffer holds everything dispatched since
 * registration) nor a duplicate. After that events are written as they come.
 *
 * <p>Large groups: the connection also carries the large chats its user is subscribed to with the
 * user's cached read marker in each ({@link #markers()}, kept by {@link SseHub}), and writes their
 * group events ({@link #group}) through the same buffer, so they keep their place during a resume.
 * A group event's id is the connection's user-stream position (the id of the last user event it
 * wrote, or where its stream started) plus a counter ({@link EventId}): ids keep increasing, and a
 * {@code Last-Event-ID} resume of one resumes the user stream exactly.
 *
 * <p>Memory is bounded twice: the resume buffer by {@code maxPending} events, the socket's write
 * queue by the {@link Sink}'s limit. A client that cannot keep up is disconnected (it resumes with
 * {@code Last-Event-ID}). Not thread-safe: used on the hub's context only.
 */
public final class SseConnection {
  /** Where a connection's bytes go: the HTTP response in production, a list in tests. */
  public interface Sink {
    /** Whether the write queue is full (the client is not reading fast enough). */
    boolean full();

    /** Writes one chunk of the stream. */
    void write(String chunk);

    /** Ends the stream. */
    void close();
  }

  /** What waits in the resume buffer: a user-stream event or a large group's event. */
  public sealed interface Outgoing permits SseEvent, GroupItem {}

  /**
   * An event of a large group for this connection, its data already made for this user.
   *
   * @param kind the SSE event name
   * @param data the SSE data
   */
  public record GroupItem(String kind, String data) implements Outgoing {}

  /** Where the connection is in its life. */
  public enum State {
    /** Replaying the inbox; live events are buffered. */
    RESUMING,
    /** Live events are written as they come. */
    LIVE,
    /** Ended; everything is ignored. */
    CLOSED
  }

  private final String userId;
  private final Sink sink;
  private final int maxPending;
  private final ArrayDeque<Outgoing> pending = new ArrayDeque<>();
  private final Map<Integer, Long> lastSent = new HashMap<>();
  private final Map<String, Long> markers = new HashMap<>();
  private final Set<String> leftWhileLoading = new HashSet<>();
  private boolean loadingGroups;
  private EventId position;
  private long groupCounter;
  private State state = State.RESUMING;
  private Runnable onClose = () -> {};
  private long delivered;

  /** A resuming connection of {@code userId} writing to {@code sink}. */
  public SseConnection(String userId, Sink sink, int maxPending) {
    this.userId = userId;
    this.sink = sink;
    this.maxPending = maxPending;
  }

  /** The user whose stream this is. */
  public String userId() {
    return userId;
  }

  /** The current state. */
  public State state() {
    return state;
  }

  /** How many events this connection has written. */
  public long delivered() {
    return delivered;
  }

  /**
   * Runs {@code action} once when the connection closes, for whatever reason (after the actions
   * added before it).
   */
  public void onClose(Runnable action) {
    Runnable before = this.onClose;
    this.onClose =
        () -> {
          before.run();
          action.run();
        };
  }

  /**
   * Marks everything up to {@code offset} on {@code partition} as already seen by the client (its
   * {@code Last-Event-ID}).
   */
  public void seen(int partition, long offset) {
    lastSent.merge(partition, offset, Math::max);
  }

  /**
   * The user-stream position the stream continues from (the client's {@code Last-Event-ID}, a
   * reset's id, or for a new stream the seam of the user's partition): the base of group event ids
   * until the next user event is written.
   */
  public void position(EventId at) {
    if (position == null || at.offset() > position.offset()) {
      position = at;
    }
  }

  /** The current user-stream position, or null before one is known. */
  public EventId position() {
    return position;
  }

  /**
   * The large chats this connection follows, with the user's cached read marker in each. Changed
   * only by {@link SseHub}.
   */
  Map<String, Long> markers() {
    return markers;
  }

  /**
   * Whether the user's large groups are still being read (group events are then held by the hub).
   */
  boolean loadingGroups() {
    return loadingGroups;
  }

  void loadingGroups(boolean loading) {
    this.loadingGroups = loading;
    if (!loading) {
      leftWhileLoading.clear();
    }
  }

  /** Large chats the user's own events removed them from while their large groups were read. */
  Set<String> leftWhileLoading() {
    return leftWhileLoading;
  }

  /** A large group's event for this user: buffered while resuming, written when live. */
  public void group(String kind, String data) {
    enqueue(new GroupItem(kind, data));
  }

  /** A live event for this user: buffered while resuming, written when live. */
  public void live(SseEvent event) {
    enqueue(event);
  }

  private void enqueue(Outgoing event) {
    switch (state) {
      case RESUMING -> {
        if (pending.size() >= maxPending) {
          close();
        } else {
          pending.add(event);
        }
      }
      case LIVE -> send(event);
      case CLOSED -> {}
    }
  }

  /**
   * Ends the resume: writes {@code replayed} (the inbox events after the client's id, in order),
   * then the buffered live events, each at most once, and switches to live delivery.
   */
  public void goLive(List<SseEvent> replayed) {
    if (state != State.RESUMING) {
      return;
    }
    replay(replayed);
    while (state == State.RESUMING && !pending.isEmpty()) {
      send(pending.poll());
    }
    if (state == State.RESUMING) {
      state = State.LIVE;
    }
  }

  /** Writes part of the replay while still resuming (the rest follows with {@link #goLive}). */
  public void replay(List<SseEvent> replayed) {
    for (SseEvent event : replayed) {
      if (state == State.CLOSED) {
        return;
      }
      send(event);
    }
  }

  /** Writes a control chunk (retry advice, a reset event, a heartbeat comment). */
  public void control(String chunk) {
    if (state == State.CLOSED) {
      return;
    }
    if (sink.full()) {
      close();
      return;
    }
    sink.write(chunk);
  }

  /** Whether the client's write queue is full right now. */
  public boolean backedUp() {
    return sink.full();
  }

  /** Ends the connection and drops any buffered events. */
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    pending.clear();
    sink.close();
    onClose.run();
  }

  private void send(Outgoing outgoing) {
    if (outgoing instanceof SseEvent event) {
      send(event);
    } else if (outgoing instanceof GroupItem item) {
      sendGroup(item);
    }
  }

  private void sendGroup(GroupItem item) {
    if (sink.full()) {
      close();
      return;
    }
    EventId at = position;
    sink.write(
        SseEvent.wire(
            item.kind(), item.data(), at == null ? null : at.withCounter(++groupCounter)));
    delivered++;
  }

  private void send(SseEvent event) {
    Long last = lastSent.get(event.partition());
    if (last != null && event.offset() <= last) {
      return;
    }
    if (sink.full()) {
      close();
      return;
    }
    sink.write(event.toWire());
    lastSent.put(event.partition(), event.offset());
    position = event.id();
    delivered++;
  }
}

package io.chatcqrs.query.live;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's live stream, and the seam between resume and live delivery.
 *
 * <p>A connection starts {@link State#RESUMING}: live events for the user are buffered (at most
 * {@code maxPending}) while the resume replays the inbox. {@link #goLive} writes the replayed
 * events, then the buffered ones, skipping any event at or below the last offset already sent on
 * its partition, so that the seam has neither a gap (the buffer holds everything dispatched since
 * registration) nor a duplicate. After that events are written as they come.
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
  private final ArrayDeque<SseEvent> pending = new ArrayDeque<>();
  private final Map<Integer, Long> lastSent = new HashMap<>();
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

  /** A live event for this user: buffered while resuming, written when live. */
  public void live(SseEvent event) {
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
    delivered++;
  }
}

package io.chatcqrs.query.live;

import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.platform.auth.Authenticated;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.query.read.rooms.LargeRoom;
import io.chatcqrs.query.resilience.ProjectionPositions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /v1/me/events}: the caller's Server-Sent Events stream, with resume.
 *
 * <p>Order of a resume with {@code Last-Event-ID} (the seam): (1) register the connection with the
 * hub, which from then on buffers every live event for the user; (2) read the hub's seam offset S
 * of the id's partition: every event up to S was dispatched before registration, every later one is
 * in the buffer; (3) wait (bounded) until the inbox projection has written the partition up to S;
 * (4) replay the inbox after the client's id up to S, in slices; (5) write the buffered events
 * above the last one sent, and go live. An id older than the inbox's window, or one that cannot be
 * resumed because the inbox did not catch up in time, gets a {@code reset} event instead of the
 * replay (the client reloads its room list), followed by live events.
 *
 * <p>Large groups (chats in fan-out-on-read mode) are not in the user's inbox: their events come
 * from the group feed ({@link SseHub#dispatchGroup}). On every connect, resumed or not, the stream
 * reads the user's large groups and sends one {@code room} event per group (the room as the room
 * list shows it: last message, last seq, unread count), then that group's live events; a client
 * that was away learns from it what to fetch from history. A group event's id is the user-stream
 * position plus a counter ({@link EventId}), so a resume from it resumes the user stream exactly.
 * If the large groups cannot be read the stream ends (the client reconnects), rather than silently
 * missing them.
 *
 * <p>A stream lasts as long as the credentials it was opened with (the bearer token's {@code exp},
 * which a ticket carries): then it gets an {@code expired} event and ends; the client opens a new
 * one with a new ticket and its {@code Last-Event-ID} and misses nothing.
 */
public final class LiveStream {
  /** The projection that records how far the inbox is written, per user-events partition. */
  public static final String INBOX_PROJECTION = ProjectionNames.USER_EVENTS;

  /** The event that ends a stream whose token expired. */
  public static final String EXPIRED = "expired";

  private static final int REPLAY_SLICE = 50;

  private final SseHub hub;
  private final InboxRepository inbox;
  private final ProjectionPositions positions;
  private final Settings settings;
  private final LargeGroups largeGroups;

  /** Where a stream reads its user's rooms of chats in fan-out-on-read mode when it connects. */
  @FunctionalInterface
  public interface LargeGroups {
    /**
     * The user's large groups' rooms, as the room list shows them, with the chat-event positions of
     * their rows.
     */
    Future<List<LargeRoom>> rooms(String userId);
  }

  /**
   * Stream settings.
   *
   * @param retry the {@code retry:} advice sent to clients
   * @param inboxWindow how far back a {@code Last-Event-ID} may be and still be replayed
   * @param resumeWait how long a resume waits for the inbox to catch up
   * @param maxPending live events buffered per connection during a resume
   * @param maxQueuedBytes bytes a connection's write queue may hold before it counts as slow
   */
  public record Settings(
      Duration retry,
      Duration inboxWindow,
      Duration resumeWait,
      int maxPending,
      int maxQueuedBytes) {}

  /**
   * A stream endpoint over {@code hub}, replaying from {@code inbox}, following the large groups
   * {@code largeGroups} lists.
   */
  public LiveStream(
      SseHub hub,
      InboxRepository inbox,
      ProjectionPositions positions,
      Settings settings,
      LargeGroups largeGroups) {
    this.hub = hub;
    this.inbox = inbox;
    this.positions = positions;
    this.settings = settings;
    this.largeGroups = largeGroups;
  }

  /** Handles the request of an authenticated caller. */
  public void handle(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (!hub.ready()) {
      ctx.fail(
          new ProblemException.ServiceUnavailable(
              "the live feed is starting", Duration.ofSeconds(2)));
      return;
    }
    HttpServerResponse response = ctx.response();
    String userId = caller.userId().value();
    SseConnection connection =
        new SseConnection(
            userId, new ResponseSink(response, settings.maxQueuedBytes()), settings.maxPending());
    if (!hub.register(connection)) {
      ctx.fail(
          new ProblemException.ServiceUnavailable(
              "this instance has no room for more streams", Duration.ofSeconds(5)));
      return;
    }
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache, no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> connection.close());
    response.exceptionHandler(e -> connection.close());
    connection.control(
        ": stream of " + userId + "\nretry: " + settings.retry().toMillis() + "\n\n");
    Authenticated.expiresAt(ctx).ifPresent(at -> endAt(ctx.vertx(), connection, at));
    hub.loadingGroups(connection);
    largeGroups
        .rooms(userId)
        .onSuccess(rooms -> hub.groupsLoaded(connection, rooms))
        .onFailure(failure -> connection.close());
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId == null || lastEventId.isBlank()) {
      startAtSeam(connection);
      connection.goLive(List.of());
      return;
    }
    resume(connection, response, EventId.parse(lastEventId.trim()));
  }

  private void startAtSeam(SseConnection connection) {
    EventId start = hub.startPosition(connection.userId());
    if (start != null) {
      connection.position(start);
    }
  }

  private void resume(SseConnection connection, HttpServerResponse response, EventId from) {
    if (from == null) {
      startAtSeam(connection);
      reset(connection, null, "the Last-Event-ID is not one of this service's ids");
      return;
    }
    OptionalLong seam = hub.seamOffset(from.partition());
    if (seam.isEmpty()) {
      startAtSeam(connection);
      reset(connection, null, "the Last-Event-ID names an unknown partition");
      return;
    }
    long upTo = seam.getAsLong();
    connection.seen(from.partition(), from.offset());
    connection.position(from);
    if (from.offset() >= upTo) {
      connection.goLive(List.of());
      return;
    }
    if (System.currentTimeMillis() - from.timeMillis() > settings.inboxWindow().toMillis()) {
      reset(connection, seamId(from.partition(), upTo), "the Last-Event-ID is older than 24 h");
      return;
    }
    positions
        .awaitApplied(INBOX_PROJECTION, from.partition(), upTo, settings.resumeWait())
        .onSuccess(
            caughtUp -> {
              if (caughtUp) {
                replay(connection, response, from.partition(), from.offset(), upTo);
              } else {
                reset(connection, seamId(from.partition(), upTo), "the inbox is behind");
              }
            });
  }

  private void replay(
      SseConnection connection, HttpServerResponse response, int partition, long after, long upTo) {
    if (connection.state() != SseConnection.State.RESUMING) {
      return;
    }
    inbox
        .slice(connection.userId(), partition, after, upTo, REPLAY_SLICE)
        .onFailure(failure -> connection.close())
        .onSuccess(
            events -> {
              if (events.size() < REPLAY_SLICE) {
                connection.goLive(events);
                return;
              }
              connection.replay(events);
              long next = events.get(events.size() - 1).offset();
              if (connection.backedUp()) {
                response.drainHandler(v -> replay(connection, response, partition, next, upTo));
              } else {
                replay(connection, response, partition, next, upTo);
              }
            });
  }

  private static void reset(SseConnection connection, EventId id, String reason) {
    if (id != null) {
      connection.seen(id.partition(), id.offset());
      connection.position(id);
    }
    connection.control(
        SseEvent.control("reset", new JsonObject().put("reason", reason).encode(), id));
    connection.goLive(List.of());
  }

  /**
   * Ends the stream when the credentials it was opened with expire: an {@code expired} event (no
   * id, so the client's {@code Last-Event-ID} stays that of the last event it received), then the
   * end of the response.
   */
  private static void endAt(Vertx vertx, SseConnection connection, Instant expiresAt) {
    long delay = expiresAt.toEpochMilli() - System.currentTimeMillis();
    if (delay <= 0) {
      expire(connection, expiresAt);
      return;
    }
    long timer = vertx.setTimer(delay, id -> expire(connection, expiresAt));
    connection.onClose(() -> vertx.cancelTimer(timer));
  }

  private static void expire(SseConnection connection, Instant expiresAt) {
    connection.control(
        SseEvent.control(
            EXPIRED,
            new JsonObject()
                .put("reason", "the token has expired")
                .put("expired_at", Json.formatTime(expiresAt))
                .encode(),
            null));
    connection.close();
  }

  private static EventId seamId(int partition, long offset) {
    return new EventId(partition, offset, System.currentTimeMillis());
  }
}

package io.chatcqrs.query.live;

import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.RoomView;

/**
 * One event of a user's stream, ready to be written as Server-Sent Events.
 *
 * @param userId whose stream it belongs to
 * @param partition the user-events partition it came from
 * @param offset its offset there
 * @param occurredAtMillis when it occurred (epoch milliseconds)
 * @param kind the SSE event name ({@code message}, {@code read}, ...)
 * @param data the SSE data: one JSON object on one line
 * @param room the user's room after the event when the event changed it ({@link
 *     io.chatcqrs.events.projection.UserEvent#room()}), or null; not written to the client, used to
 *     follow the user's large groups
 */
public record SseEvent(
    String userId,
    int partition,
    long offset,
    long occurredAtMillis,
    String kind,
    String data,
    RoomView room)
    implements SseConnection.Outgoing {

  /** An event without a room change (inbox replays, write-mode events). */
  public SseEvent(
      String userId, int partition, long offset, long occurredAtMillis, String kind, String data) {
    this(userId, partition, offset, occurredAtMillis, kind, data, null);
  }

  /** The room change of a chat in fan-out-on-read mode this event carries, or null. */
  public RoomView largeRoom() {
    return room != null && room.fanOut() == FanOutMode.READ ? room : null;
  }

  /** The event's SSE id. */
  public EventId id() {
    return new EventId(partition, offset, occurredAtMillis);
  }

  /** The event in the SSE wire format: id, event and data lines and the blank line. */
  public String toWire() {
    return "id: " + id() + "\nevent: " + kind + "\ndata: " + oneLine(data) + "\n\n";
  }

  /** A control event without id (for {@code reset}). */
  public static String control(String kind, String data, EventId id) {
    return wire(kind, data, id == null ? null : id.toString());
  }

  /** An event in the wire format with the given id text (no id line when null). */
  static String wire(String kind, String data, String id) {
    String idLine = id == null ? "" : "id: " + id + "\n";
    return idLine + "event: " + kind + "\ndata: " + oneLine(data) + "\n\n";
  }

  private static String oneLine(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0
        ? json
        : json.replace("\r", "").replace("\n", "");
  }
}

package io.chatcqrs.query.live;

/**
 * One event of a user's stream, ready to be written as Server-Sent Events.
 *
 * @param userId whose stream it belongs to
 * @param partition the user-events partition it came from
 * @param offset its offset there
 * @param occurredAtMillis when it occurred (epoch milliseconds)
 * @param kind the SSE event name ({@code message}, {@code read}, ...)
 * @param data the SSE data: one JSON object on one line
 */
public record SseEvent(
    String userId, int partition, long offset, long occurredAtMillis, String kind, String data) {

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
    String idLine = id == null ? "" : "id: " + id + "\n";
    return idLine + "event: " + kind + "\ndata: " + oneLine(data) + "\n\n";
  }

  private static String oneLine(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0
        ? json
        : json.replace("\r", "").replace("\n", "");
  }
}

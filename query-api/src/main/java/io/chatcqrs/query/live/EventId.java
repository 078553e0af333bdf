package io.chatcqrs.query.live;

/**
 * The SSE {@code id:} of a user's event: {@code <partition>-<offset>-<epoch millis>} of the record
 * on {@code chat.user-events.v1}. All of a user's events share one partition (the key is the user
 * id), so the offset increases per user; the time lets a resume tell whether the user's 24 h inbox
 * still covers everything after the id. Clients treat it as opaque.
 *
 * @param partition the user-events partition
 * @param offset the record's offset in it
 * @param timeMillis when the event occurred (epoch milliseconds)
 */
public record EventId(int partition, long offset, long timeMillis) {

  /** Parses an id sent back as {@code Last-Event-ID}; null when it is not one of ours. */
  public static EventId parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return null;
    }
    String[] parts = text.split("-", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      int partition = Integer.parseInt(parts[0]);
      long offset = Long.parseLong(parts[1]);
      long time = Long.parseLong(parts[2]);
      if (partition < 0 || offset < -1 || time < 0) {
        return null;
      }
      return new EventId(partition, offset, time);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return partition + "-" + offset + "-" + timeMillis;
  }
}

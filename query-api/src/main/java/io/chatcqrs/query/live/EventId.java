package io.chatcqrs.query.live;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSE {@code id:} of a user's event: {@code <partition>-<offset>-<epoch millis>} of the record
 * on {@code chat.user-events.v1}. All of a user's events share one partition (the key is the user
 * id), so the offset increases per user; the time lets a resume tell whether the user's 24 h inbox
 * still covers everything after the id. Clients treat it as opaque.
 *
 * <p>Events of large groups (from {@code chat.group-events.v1}, not in the user's inbox) carry the
 * connection's current user-stream position plus a per-connection counter: {@code
 * <partition>-<offset>-<epoch millis>-<n>}, so ids still increase on a connection, and a resume
 * from such an id resumes the user stream after that position (the suffix is ignored; what a large
 * group's events missed is covered by the {@code room} events a connection gets on connect).
 *
 * @param partition the user-events partition
 * @param offset the record's offset in it (-1 before a partition's first record)
 * @param timeMillis when the event occurred (epoch milliseconds)
 */
public record EventId(int partition, long offset, long timeMillis) {
  private static final Pattern FORM =
      Pattern.compile("(\\d{1,9})-(-1|\\d{1,18})-(\\d{1,18})(-\\d{1,18})?");

  /** Parses an id sent back as {@code Last-Event-ID}; null when it is not one of ours. */
  public static EventId parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return null;
    }
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      return null;
    }
    try {
      return new EventId(
          Integer.parseInt(matcher.group(1)),
          Long.parseLong(matcher.group(2)),
          Long.parseLong(matcher.group(3)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The id of the {@code n}th group event written on a connection at this user-stream position. */
  public String withCounter(long n) {
    return this + "-" + n;
  }

  @Override
  public String toString() {
    return partition + "-" + offset + "-" + timeMillis;
  }
}

package io.chatcqrs.events.projection;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record on {@code chat.dead-letter.v1}. The value and key are the failed
 * record's, byte for byte; these headers say why it failed and where it came from. All values are
 * UTF-8 strings.
 */
public final class DeadLetterHeaders {
  /** A short human-readable reason, e.g. the decoding error's message. */
  public static final String REASON = "dlq.reason";

  /** The component that gave up on the record, e.g. {@code projection.per-chat}. */
  public static final String STAGE = "dlq.stage";

  /** The topic the record was read from. */
  public static final String SOURCE_TOPIC = "dlq.source.topic";

  /** The partition it was read from (decimal). */
  public static final String SOURCE_PARTITION = "dlq.source.partition";

  /** The offset it was read from (decimal). */
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  private static final int MAX_REASON_CHARS = 1000;

  private DeadLetterHeaders() {}

  /**
   * The failed record's own headers plus the dead-letter headers.
   *
   * @param original the failed record's headers (copied, not modified); may be null
   */
  public static Headers of(
      Headers original, String stage, String reason, String topic, int partition, long offset) {
    RecordHeaders headers = new RecordHeaders(original == null ? null : original.toArray());
    String shortReason =
        reason == null
            ? "unknown"
            : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
    add(headers, REASON, shortReason);
    add(headers, STAGE, stage);
    add(headers, SOURCE_TOPIC, topic);
    add(headers, SOURCE_PARTITION, Integer.toString(partition));
    add(headers, SOURCE_OFFSET, Long.toString(offset));
    return headers;
  }

  /** The value of header {@code name} as a string, or null if absent. */
  public static String get(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}

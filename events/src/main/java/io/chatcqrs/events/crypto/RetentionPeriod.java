package io.chatcqrs.events.crypto;

import io.chatcqrs.events.ChatId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One retention period of one chat: the {@code lengthDays} UTC days starting at {@code start},
 * aligned on multiples of the length counted from 1970-01-01 so that every writer puts a given
 * instant in the same period. Text sealed in a chat at an instant of the period needs the period's
 * key to be read; destroying the key once the period is past the chat's retention makes that text
 * unreadable everywhere.
 *
 * <p>With a retention of {@code N} days, {@link #expiredAt(Instant, int)} holds once the period's
 * end is {@code N} days ago: a message stays readable on the topics for at least {@code N} and at
 * most {@code N + lengthDays} days (history enforces exactly {@code N} with a TTL).
 *
 * @param chatId the chat
 * @param start the period's first UTC day
 * @param lengthDays the period's length in days, 1 to 366
 */
public record RetentionPeriod(ChatId chatId, LocalDate start, int lengthDays) {

  /** Validates alignment and length. */
  public RetentionPeriod {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(start, "start");
    if (lengthDays < 1 || lengthDays > 366) {
      throw new IllegalArgumentException("period length must be 1 to 366 days: " + lengthDays);
    }
    if (Math.floorMod(start.toEpochDay(), lengthDays) != 0) {
      throw new IllegalArgumentException(
          "a " + lengthDays + "-day period cannot start on " + start);
    }
  }

  /** The period of {@code chatId} that contains {@code instant}. */
  public static RetentionPeriod containing(ChatId chatId, Instant instant, int lengthDays) {
    if (lengthDays < 1) {
      throw new IllegalArgumentException("period length must be positive: " + lengthDays);
    }
    long day = LocalDate.ofInstant(instant, ZoneOffset.UTC).toEpochDay();
    long first = day - Math.floorMod(day, lengthDays);
    return new RetentionPeriod(chatId, LocalDate.ofEpochDay(first), lengthDays);
  }

  /** Parses a {@code chat:<chat_id>:<yyyy-mm-dd>:<n>d} key id. */
  public static RetentionPeriod parse(String keyId) {
    String[] parts = keyId.split(":", -1);
    if (parts.length != 4
        || !parts[0].equals("chat")
        || !parts[3].endsWith("d")
        || parts[3].length() < 2) {
      throw new IllegalArgumentException("not a period key id: " + keyId);
    }
    try {
      return new RetentionPeriod(
          ChatId.of(parts[1]),
          LocalDate.parse(parts[2]),
          Integer.parseInt(parts[3].substring(0, parts[3].length() - 1)));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("not a period key id: " + keyId, e);
    }
  }

  /** The key id of this period: {@code chat:<chat_id>:<yyyy-mm-dd>:<n>d}. */
  public KeyId keyId() {
    return new KeyId("chat:" + chatId.value() + ":" + start + ":" + lengthDays + "d");
  }

  /** The first instant after the period. */
  public Instant end() {
    return start.plusDays(lengthDays).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * Whether, at {@code now}, every instant of the period is more than {@code retentionDays} old.
   */
  public boolean expiredAt(Instant now, int retentionDays) {
    return !end().plus(Duration.ofDays(retentionDays)).isAfter(now);
  }
}

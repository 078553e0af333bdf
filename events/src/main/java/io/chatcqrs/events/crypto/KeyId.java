package io.chatcqrs.events.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.chatcqrs.events.UserId;
import java.util.Objects;

/**
 * The name of one data key: {@code user:<user_id>} for a person's key (destroyed on erasure) or
 * {@code chat:<chat_id>:<yyyy-mm-dd>:<n>d} for a chat's retention period key (destroyed when the
 * period is past the chat's retention). Validated on construction; {@link #kind()} says which.
 */
public record KeyId(@JsonValue String value) implements Comparable<KeyId> {

  /** What a key protects, and so what its destruction means to a reader. */
  public enum Kind {
    /** A person's key: destroyed means the person was erased. */
    USER,
    /** A chat's retention period key: destroyed means the period expired. */
    PERIOD
  }

  /** Validates the id. */
  @JsonCreator
  public KeyId {
    Objects.requireNonNull(value, "key id");
    if (value.startsWith("user:")) {
      UserId.of(value.substring("user:".length()));
    } else if (value.startsWith("chat:")) {
      RetentionPeriod.parse(value);
    } else {
      throw new IllegalArgumentException("not a key id: " + value);
    }
  }

  /** The key of one person. */
  public static KeyId user(UserId user) {
    return new KeyId("user:" + user.value());
  }

  /** The key of one chat's retention period; shorthand for {@code period.keyId()}. */
  public static KeyId period(RetentionPeriod period) {
    return period.keyId();
  }

  /** Shorthand for {@code new KeyId(value)}. */
  public static KeyId of(String value) {
    return new KeyId(value);
  }

  /** Whether this is a person's key or a retention period's. */
  public Kind kind() {
    return value.startsWith("user:") ? Kind.USER : Kind.PERIOD;
  }

  /** The person of a {@link Kind#USER} key. */
  public UserId userId() {
    if (kind() != Kind.USER) {
      throw new IllegalStateException("not a user key: " + value);
    }
    return UserId.of(value.substring("user:".length()));
  }

  /** The period of a {@link Kind#PERIOD} key. */
  public RetentionPeriod period() {
    if (kind() != Kind.PERIOD) {
      throw new IllegalStateException("not a period key: " + value);
    }
    return RetentionPeriod.parse(value);
  }

  @Override
  public int compareTo(KeyId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A {@code user_id}: 1-64 characters of {@code [A-Za-z0-9_-]}, validated on construction. */
public record UserId(@JsonValue String value) implements Comparable<UserId> {
  /** Validates the id. */
  @JsonCreator
  public UserId {
    Ids.require("user_id", value);
  }

  /** Shorthand for {@code new UserId(value)}. */
  public static UserId of(String value) {
    return new UserId(value);
  }

  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

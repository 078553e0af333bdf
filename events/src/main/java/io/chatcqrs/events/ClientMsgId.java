package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A {@code client_msg_id}: 1-64 characters of {@code [A-Za-z0-9_-]}, validated on construction. */
public record ClientMsgId(@JsonValue String value) implements Comparable<ClientMsgId> {
  /** Validates the id. */
  @JsonCreator
  public ClientMsgId {
    Ids.require("client_msg_id", value);
  }

  /** Shorthand for {@code new ClientMsgId(value)}. */
  public static ClientMsgId of(String value) {
    return new ClientMsgId(value);
  }

  @Override
  public int compareTo(ClientMsgId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

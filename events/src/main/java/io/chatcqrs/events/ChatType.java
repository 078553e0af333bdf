package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A direct chat has exactly two members; a group has up to the configured maximum. */
public enum ChatType {
  @JsonProperty("direct")
  DIRECT,
  @JsonProperty("group")
  GROUP;

  /** The wire name: "direct" or "group". */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses the wire name; throws IllegalArgumentException for anything else. */
  public static ChatType fromWire(String name) {
    for (ChatType t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("type must be direct or group");
  }
}

package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A {@code chat_id}: 1-64 characters of {@code [A-Za-z0-9_-]}, validated on construction. */
public record ChatId(@JsonValue String value) implements Comparable<ChatId> {
  /** Validates the id. */
  @JsonCreator
  public ChatId {
    Ids.require("chat_id", value);
  }

  /** Shorthand for {@code new ChatId(value)}. */
  public static ChatId of(String value) {
    return new ChatId(value);
  }

  /**
   * The id of the direct chat between two users: the same for either order of the pair, so that
   * creating a direct chat twice (by either user) yields the same chat.
   */
  public static ChatId direct(UserId a, UserId b) {
    UserId first = a.compareTo(b) <= 0 ? a : b;
    UserId second = first == a ? b : a;
    return new ChatId("d" + MessageId.Digests.base64Url(26, first.value(), second.value()));
  }

  /** A new random group chat id ("g" + 26 base64url characters of a random UUID's digest). */
  public static ChatId newGroup() {
    return new ChatId(
        "g" + MessageId.Digests.base64Url(26, java.util.UUID.randomUUID().toString()));
  }

  @Override
  public int compareTo(ChatId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

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
   * The unkeyed id contract v1 gave the direct chat between two users (the same for either order of
   * the pair): anyone can compute it, so it names who talks to whom.
   *
   * @deprecated since contract v1.1 the command-api names direct chats with a keyed digest and a
   *     server secret ({@code chat.direct-id-secret}); this is kept only to recognise chats created
   *     before that. Clients take a direct chat's id from the answer of {@code POST /v1/chats}.
   */
  @Deprecated(since = "contract v1.1")
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

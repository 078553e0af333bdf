package io.chatcqrs.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A message id. Derived from (chat, sender, client_msg_id) so that a client's retry of the same
 * send maps to the same id, which is how duplicates are recognised downstream.
 */
public record MessageId(@JsonValue String value) {
  /** Validates the id. */
  @JsonCreator
  public MessageId {
    Ids.require("message_id", value);
  }

  /** Shorthand for {@code new MessageId(value)}. */
  public static MessageId of(String value) {
    return new MessageId(value);
  }

  /**
   * The deterministic id of a message: "m" followed by 26 base64url characters of SHA-256(chat,
   * sender, client_msg_id). Collisions are as unlikely as SHA-256's at 155 bits.
   */
  public static MessageId derive(ChatId chat, UserId sender, ClientMsgId clientMsgId) {
    return new MessageId(
        "m" + Digests.base64Url(26, chat.value(), sender.value(), clientMsgId.value()));
  }

  @Override
  public String toString() {
    return value;
  }

  /** SHA-256 over length-prefixed parts, rendered as base64url without padding. */
  static final class Digests {
    private Digests() {}

    static String base64Url(int length, String... parts) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String part : parts) {
          byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
          sha.update((byte) bytes.length);
          sha.update(bytes);
        }
        return Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(sha.digest())
            .substring(0, length);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }
}

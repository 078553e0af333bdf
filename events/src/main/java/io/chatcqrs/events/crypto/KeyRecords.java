package io.chatcqrs.events.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.codec.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The records of {@code chat.keys.v1}.
 *
 * <ul>
 *   <li>A key: Kafka key {@code <key id>/<creation id>}, value {@code
 *       {"type":"key","kid","creation","mk","wrapped","created_at"}} with the material wrapped by
 *       master key {@code mk}. Each creation has its own Kafka key so that compaction never merges
 *       two competing creations: the first on the partition wins, for every reader, forever.
 *   <li>A destruction: Kafka key {@code <key id>}, value {@code
 *       {"type":"destroyed","kid","destroyed_at"}}, never deleted, so that a key id once destroyed
 *       stays destroyed after compaction; the key records of the id are tombstoned.
 * </ul>
 */
final class KeyRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private KeyRecords() {}

  /** One decoded record. */
  sealed interface KeyRecord {}

  record Created(KeyId keyId, String creation, String masterId, byte[] wrapped)
      implements KeyRecord {}

  record Destroyed(KeyId keyId, Instant destroyedAt) implements KeyRecord {}

  /** The tombstone of one creation. */
  record Removed(KeyId keyId, String creation) implements KeyRecord {}

  static String createdKey(KeyId id, String creation) {
    return id.value() + "/" + creation;
  }

  static byte[] created(KeyId id, String creation, String masterId, byte[] wrapped, Instant at) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", "key");
    node.put("kid", id.value());
    node.put("creation", creation);
    node.put("mk", masterId);
    node.put("wrapped", B64.encodeToString(wrapped));
    node.put("created_at", Json.formatTime(at));
    return bytes(node);
  }

  static byte[] destroyed(KeyId id, Instant at) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", "destroyed");
    node.put("kid", id.value());
    node.put("destroyed_at", Json.formatTime(at));
    return bytes(node);
  }

  /**
   * Decodes a record of the topic.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static KeyRecord decode(String kafkaKey, byte[] value) {
    if (value == null) {
      int slash = kafkaKey.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("tombstone of a destruction: " + kafkaKey);
      }
      return new Removed(KeyId.of(kafkaKey.substring(0, slash)), kafkaKey.substring(slash + 1));
    }
    try {
      JsonNode node = MAPPER.readTree(value);
      KeyId id = KeyId.of(node.path("kid").asText());
      switch (node.path("type").asText()) {
        case "key":
          return new Created(
              id,
              node.path("creation").asText(),
              node.path("mk").asText(),
              Base64.getUrlDecoder().decode(node.path("wrapped").asText()));
        case "destroyed":
          return new Destroyed(id, Instant.parse(node.path("destroyed_at").asText()));
        default:
          throw new IllegalArgumentException("unknown key record type");
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a key record: " + kafkaKey, e);
    }
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

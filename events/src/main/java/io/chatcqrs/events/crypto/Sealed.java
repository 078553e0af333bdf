package io.chatcqrs.events.crypto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * An encrypted field as it is carried in a record: the envelope version, the ids of the data keys
 * it needs (all of them, in order: the sender's, then the retention period's), the AES-GCM nonce
 * and the ciphertext with its 128-bit tag. Its JSON form is compact and stable:
 *
 * <pre>
 * {"v":1,"kids":["user:alice","chat:c1:2026-11-25:1d"],"n":"&lt;base64url&gt;","c":"&lt;base64url&gt;"}
 * </pre>
 *
 * <p>base64url without padding. A reader that meets a {@code v} it does not know must treat the
 * value as unreadable by it, never as text. Nothing in the envelope is secret; the key ids name a
 * person and a chat, which the record names anyway.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"v", "kids", "n", "c"})
public final class Sealed {
  /** The only envelope version so far: HKDF-SHA256 over the listed keys, AES-256-GCM. */
  public static final int V1 = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final int version;
  private final List<KeyId> keyIds;
  private final byte[] nonce;
  private final byte[] ciphertext;

  /** An envelope; arrays are copied. */
  public Sealed(int version, List<KeyId> keyIds, byte[] nonce, byte[] ciphertext) {
    this.version = version;
    this.keyIds = List.copyOf(keyIds);
    if (this.keyIds.isEmpty()) {
      throw new IllegalArgumentException("a sealed value names at least one key");
    }
    this.nonce = Objects.requireNonNull(nonce, "nonce").clone();
    this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  @JsonCreator
  static Sealed fromJsonFields(
      @JsonProperty(value = "v", required = true) int version,
      @JsonProperty(value = "kids", required = true) List<KeyId> keyIds,
      @JsonProperty(value = "n", required = true) String nonce,
      @JsonProperty(value = "c", required = true) String ciphertext) {
    return new Sealed(version, keyIds, B64D.decode(nonce), B64D.decode(ciphertext));
  }

  /** Parses the JSON form. */
  public static Sealed fromJson(String json) {
    try {
      return MAPPER.readValue(json, Sealed.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a sealed value", e);
    }
  }

  /** The JSON form. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @JsonProperty("v")
  public int version() {
    return version;
  }

  @JsonProperty("kids")
  public List<KeyId> keyIds() {
    return keyIds;
  }

  /** A copy of the nonce. */
  public byte[] nonce() {
    return nonce.clone();
  }

  /** A copy of the ciphertext (the tag at its end). */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @JsonProperty("n")
  String nonceBase64() {
    return B64.encodeToString(nonce);
  }

  @JsonProperty("c")
  String ciphertextBase64() {
    return B64.encodeToString(ciphertext);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Sealed s
        && version == s.version
        && keyIds.equals(s.keyIds)
        && Arrays.equals(nonce, s.nonce)
        && Arrays.equals(ciphertext, s.ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, keyIds, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return toJson();
  }
}

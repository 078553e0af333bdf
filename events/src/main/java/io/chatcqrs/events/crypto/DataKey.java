package io.chatcqrs.events.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * One live data key: its id and its 256 bits of key material in clear. It exists only in the memory
 * of a process with key access; on the key topic it is always wrapped with the master key. {@link
 * #toString()} never shows the material.
 */
public final class DataKey {
  /** Length of every data key, in bytes (AES-256). */
  public static final int BYTES = 32;

  private final KeyId id;
  private final byte[] material;

  /** A data key of {@code material}, which must be {@value #BYTES} bytes; the array is copied. */
  public DataKey(KeyId id, byte[] material) {
    this.id = Objects.requireNonNull(id, "id");
    if (material.length != BYTES) {
      throw new IllegalArgumentException("a data key has " + BYTES + " bytes");
    }
    this.material = material.clone();
  }

  /** A new random key for {@code id}. */
  public static DataKey generate(KeyId id, SecureRandom random) {
    byte[] material = new byte[BYTES];
    random.nextBytes(material);
    return new DataKey(id, material);
  }

  public KeyId id() {
    return id;
  }

  /** A copy of the key material. */
  public byte[] material() {
    return material.clone();
  }

  byte[] materialUnsafe() {
    return material;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DataKey key
        && id.equals(key.id)
        && MessageDigest.isEqual(material, key.material);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + Arrays.hashCode(material);
  }

  @Override
  public String toString() {
    return "DataKey[" + id + "]";
  }
}

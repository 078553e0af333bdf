package io.chatcqrs.events.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys from configuration that wrap the data keys in the key store: one current key,
 * which wraps every new data key, and older ones kept during a rotation so that keys wrapped with
 * them still unwrap. Each has an id that the wrapped record names.
 *
 * <p>Configured as one string, {@code <id>:<base64>[,<id>:<base64>...]}, the current key first;
 * each key is at least 32 random bytes (standard or url-safe base64). The AES-256 wrapping key is
 * HKDF-SHA256 of the configured bytes with the id. A data key is wrapped with AES-GCM (12-byte
 * random nonce, 128-bit tag) with the master key id and the data key id as additional data, so a
 * wrapped key cannot be relabelled as another key.
 */
public final class MasterKeyRing {
  /** Minimum length of a configured master key, in bytes. */
  public static final int MIN_BYTES = 32;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final byte[] SALT = "chatcqrs.keys.v1.wrap".getBytes(StandardCharsets.UTF_8);
  private static final int NONCE_BYTES = 12;

  private final String currentId;
  private final Map<String, SecretKeySpec> keys;
  private final SecureRandom random = new SecureRandom();

  private MasterKeyRing(String currentId, Map<String, SecretKeySpec> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * Parses {@code <id>:<base64>[,<id>:<base64>...]}, the current key first.
   *
   * @throws IllegalArgumentException naming the problem, never the key
   */
  public static MasterKeyRing parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no master key configured");
    }
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon).trim();
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("a master key is <id>:<base64>, id " + ID.pattern());
      }
      byte[] material;
      try {
        String base64 = entry.substring(colon + 1).trim().replace('-', '+').replace('_', '/');
        material = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("master key " + id + " is not base64");
      }
      if (material.length < MIN_BYTES) {
        throw new IllegalArgumentException(
            "master key " + id + " has " + material.length + " bytes, at least " + MIN_BYTES);
      }
      if (keys.containsKey(id)) {
        throw new IllegalArgumentException("master key " + id + " given twice");
      }
      byte[] wrapping =
          Hkdf.derive(SALT, material, id.getBytes(StandardCharsets.UTF_8), DataKey.BYTES);
      keys.put(id, new SecretKeySpec(wrapping, "AES"));
    }
    return new MasterKeyRing(keys.keySet().iterator().next(), Map.copyOf(keys));
  }

  /** The id of the key that wraps new data keys. */
  public String currentId() {
    return currentId;
  }

  /** Every configured id, the current one first. */
  public List<String> ids() {
    return keys.keySet().stream()
        .sorted((a, b) -> a.equals(currentId) ? -1 : b.equals(currentId) ? 1 : a.compareTo(b))
        .toList();
  }

  /** {@code key}'s material wrapped with the current master key: nonce then ciphertext and tag. */
  public byte[] wrap(DataKey key) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, currentId, key.id(), nonce);
      byte[] ciphertext = cipher.doFinal(key.materialUnsafe());
      byte[] out = new byte[NONCE_BYTES + ciphertext.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(ciphertext, 0, out, NONCE_BYTES, ciphertext.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to wrap", e);
    }
  }

  /**
   * Unwraps what {@link #wrap} made of the key {@code id} under master key {@code masterId}.
   *
   * @throws SealedTextException if the master key is not configured or the bytes do not
   *     authenticate for this id and master key
   */
  public DataKey unwrap(KeyId id, String masterId, byte[] wrapped) {
    if (!keys.containsKey(masterId)) {
      throw new SealedTextException("master key " + masterId + " is not configured");
    }
    if (wrapped.length <= NONCE_BYTES) {
      throw new SealedTextException("wrapped key too short");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    System.arraycopy(wrapped, 0, nonce, 0, NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, masterId, id, nonce);
      return new DataKey(id, cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES));
    } catch (AEADBadTagException e) {
      throw new SealedTextException("wrapped key " + id + " does not authenticate", e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SealedTextException("wrapped key " + id + " cannot be unwrapped", e);
    }
  }

  private Cipher cipher(int mode, String masterId, KeyId id, byte[] nonce)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, keys.get(masterId), new GCMParameterSpec(FieldCipher.TAG_BITS, nonce));
    cipher.updateAAD(
        ("chatcqrs.key.v1|" + masterId + "|" + id.value()).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "MasterKeyRing" + ids();
  }
}

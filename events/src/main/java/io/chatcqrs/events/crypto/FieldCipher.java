package io.chatcqrs.events.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens one field with the JDK's AES-256-GCM (12-byte random nonce, 128-bit tag).
 *
 * <p>A value is sealed under one or more data keys, all needed to open it: the content key is
 * HKDF-SHA256 over the concatenated key material, with the additional data and the nonce as info,
 * so every value gets its own key and destroying any one of the data keys makes the value
 * unrecoverable. The additional data binds the ciphertext to the envelope version, its {@link
 * SealContext} (field, chat, entity) and its key ids.
 *
 * <p>Thread-safe; it holds no keys.
 */
public final class FieldCipher {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BITS = 128;

  private static final byte[] HKDF_SALT =
      "chatcqrs.sealed.v1.content-key".getBytes(StandardCharsets.UTF_8);

  private final SecureRandom random;

  public FieldCipher() {
    this(new SecureRandom());
  }

  public FieldCipher(SecureRandom random) {
    this.random = random;
  }

  /** Seals {@code text} for {@code context} under {@code keys} (in the order they are listed). */
  public Sealed seal(String text, SealContext context, List<DataKey> keys) {
    List<KeyId> ids = keys.stream().map(DataKey::id).toList();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] aad = additionalData(Sealed.V1, context, ids);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys, aad, nonce);
      byte[] ciphertext = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
      return new Sealed(Sealed.V1, ids, nonce, ciphertext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal", e);
    }
  }

  /**
   * Opens {@code sealed} for {@code context} with {@code keys}, which must be the envelope's keys
   * in its order.
   *
   * @throws SealedTextException if the envelope's version is unknown, the keys are not its keys, or
   *     the ciphertext does not authenticate (altered, or sealed for another context)
   */
  public String open(Sealed sealed, SealContext context, List<DataKey> keys) {
    if (sealed.version() != Sealed.V1) {
      throw new SealedTextException("unknown sealed version " + sealed.version());
    }
    List<KeyId> ids = keys.stream().map(DataKey::id).toList();
    if (!ids.equals(sealed.keyIds())) {
      throw new SealedTextException("sealed under " + sealed.keyIds() + ", not " + ids);
    }
    byte[] nonce = sealed.nonce();
    if (nonce.length != NONCE_BYTES) {
      throw new SealedTextException("nonce of " + nonce.length + " bytes");
    }
    byte[] aad = additionalData(sealed.version(), context, ids);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, keys, aad, nonce);
      return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SealedTextException("sealed value does not authenticate for " + context, e);
    } catch (GeneralSecurityException e) {
      throw new SealedTextException("sealed value cannot be opened", e);
    }
  }

  private static Cipher cipher(int mode, List<DataKey> keys, byte[] aad, byte[] nonce)
      throws GeneralSecurityException {
    byte[] ikm = new byte[keys.size() * DataKey.BYTES];
    for (int i = 0; i < keys.size(); i++) {
      System.arraycopy(keys.get(i).materialUnsafe(), 0, ikm, i * DataKey.BYTES, DataKey.BYTES);
    }
    byte[] info = new byte[aad.length + nonce.length];
    System.arraycopy(aad, 0, info, 0, aad.length);
    System.arraycopy(nonce, 0, info, aad.length, nonce.length);
    byte[] contentKey = Hkdf.derive(HKDF_SALT, ikm, info, 32);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(contentKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(aad);
    return cipher;
  }

  /** Length-prefixed, so no two different contexts encode alike. */
  static byte[] additionalData(int version, SealContext context, List<KeyId> ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("chatcqrs.sealed");
      out.writeInt(version);
      out.writeUTF(context.field());
      out.writeUTF(context.chatId().value());
      out.writeUTF(context.entityId());
      out.writeInt(ids.size());
      for (KeyId id : ids) {
        out.writeUTF(id.value());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}

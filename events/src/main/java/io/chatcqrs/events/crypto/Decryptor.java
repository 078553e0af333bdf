package io.chatcqrs.events.crypto;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import java.util.ArrayList;
import java.util.List;

/**
 * How consumers with key access read sealed fields: it looks the envelope's keys up in a {@link
 * KeyStore} and opens the value, or says why it cannot ({@link Opened}). It never throws for a
 * destroyed, missing or unreadable key or value. When both an erased person's and an expired
 * period's key are named, the answer is {@link Opened.Erased}.
 */
public final class Decryptor {
  private final KeyStore keys;
  private final FieldCipher cipher;

  public Decryptor(KeyStore keys) {
    this(keys, new FieldCipher());
  }

  public Decryptor(KeyStore keys, FieldCipher cipher) {
    this.keys = keys;
    this.cipher = cipher;
  }

  /** Opens the text of message {@code messageId} of {@code chatId}. */
  public Opened openMessageText(Sealed sealed, ChatId chatId, MessageId messageId) {
    return open(sealed, SealContext.messageText(chatId, messageId));
  }

  /** Opens {@code sealed} for {@code context}. */
  public Opened open(Sealed sealed, SealContext context) {
    List<DataKey> live = new ArrayList<>();
    Opened expired = null;
    Opened missing = null;
    for (KeyId id : sealed.keyIds()) {
      KeyLookup lookup = keys.get(id);
      if (lookup instanceof KeyLookup.Live l) {
        live.add(l.key());
      } else if (lookup instanceof KeyLookup.Destroyed) {
        if (id.kind() == KeyId.Kind.USER) {
          return new Opened.Erased(id);
        }
        expired = expired == null ? new Opened.Expired(id) : expired;
      } else {
        missing = missing == null ? new Opened.KeyMissing(id) : missing;
      }
    }
    if (expired != null) {
      return expired;
    }
    if (missing != null) {
      return missing;
    }
    try {
      return new Opened.Text(cipher.open(sealed, context, live));
    } catch (SealedTextException e) {
      return new Opened.Unreadable(e.getMessage());
    }
  }
}

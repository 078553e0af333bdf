package io.chatcqrs.events.crypto;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the write side seals user-entered text: a message's text under the sender's key and the
 * chat's retention period key of the message's time, both created on first use. Either key's
 * destruction (erasing the sender, the period expiring) makes the text unreadable.
 */
public final class Encryptor {
  private final KeyStore keys;
  private final int periodDays;
  private final FieldCipher cipher;

  /**
   * @param periodDays the length of the retention periods; a deployment fixes it (changing it
   *     starts new periods, old keys keep their own length)
   */
  public Encryptor(KeyStore keys, int periodDays) {
    this(keys, periodDays, new FieldCipher());
  }

  public Encryptor(KeyStore keys, int periodDays, FieldCipher cipher) {
    if (periodDays < 1) {
      throw new IllegalArgumentException("period length must be positive: " + periodDays);
    }
    this.keys = keys;
    this.periodDays = periodDays;
    this.cipher = cipher;
  }

  /**
   * Seals a message's text (of {@code MessageSent} or {@code MessageEdited}) written by {@code
   * sender} at {@code at}.
   *
   * @throws KeyDestroyedException if the sender was erased or the period already expired
   */
  public Sealed sealMessageText(
      ChatId chatId, MessageId messageId, UserId sender, Instant at, String text) {
    return seal(
        text,
        SealContext.messageText(chatId, messageId),
        List.of(KeyId.user(sender), RetentionPeriod.containing(chatId, at, periodDays).keyId()));
  }

  /**
   * Seals {@code text} for {@code context} under the keys {@code keyIds}, in that order.
   *
   * @throws KeyDestroyedException if one of them was destroyed
   */
  public Sealed seal(String text, SealContext context, List<KeyId> keyIds) {
    List<DataKey> dataKeys = new ArrayList<>(keyIds.size());
    for (KeyId id : keyIds) {
      dataKeys.add(keys.createIfAbsent(id));
    }
    return cipher.seal(text, context, dataKeys);
  }

  /** The retention period of {@code chatId} that contains {@code at}, for this deployment. */
  public RetentionPeriod periodOf(ChatId chatId, Instant at) {
    return RetentionPeriod.containing(chatId, at, periodDays);
  }
}

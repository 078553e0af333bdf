package io.chatcqrs.events.crypto;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import java.util.Objects;

/**
 * What a sealed value belongs to: the field it fills and the chat and entity (message, report,
 * context) it is part of. It is authenticated with the ciphertext (AES-GCM additional data), so a
 * sealed value opens only in the place it was sealed for: copied into another message, another chat
 * or another field, it fails to open.
 *
 * @param field the field, e.g. {@code message.text}
 * @param chatId the chat
 * @param entityId the message (or other entity) of the chat, e.g. the {@code message_id}
 */
public record SealContext(String field, ChatId chatId, String entityId) {

  /** The field of a message's text, in {@code MessageSent} and {@code MessageEdited}. */
  public static final String MESSAGE_TEXT = "message.text";

  /** Validates. */
  public SealContext {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(entityId, "entity_id");
    if (field.isEmpty() || entityId.isEmpty()) {
      throw new IllegalArgumentException("field and entity id must not be empty");
    }
  }

  /** The context of a message's text (sent or edited). */
  public static SealContext messageText(ChatId chatId, MessageId messageId) {
    return new SealContext(MESSAGE_TEXT, chatId, messageId.value());
  }
}

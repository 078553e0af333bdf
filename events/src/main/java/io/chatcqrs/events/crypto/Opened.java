package io.chatcqrs.events.crypto;

/**
 * What {@link Decryptor} made of a sealed value: its text, or why there is none. Erasure and expiry
 * are ordinary outcomes of a consumer's life, so they are results, not exceptions.
 */
public sealed interface Opened {

  /** The value opened. */
  record Text(String text) implements Opened {}

  /**
   * The person's key was destroyed: they were erased. Show the message as a deleted user's ({@code
   * "deleted":true,"text":null,"sender_id":"deleted-user"}).
   */
  record Erased(KeyId keyId) implements Opened {}

  /** The retention period's key was destroyed: the message is past the chat's retention. */
  record Expired(KeyId keyId) implements Opened {}

  /**
   * A key the value names is not in the store: never created, or created so recently that this
   * store has not seen it within its wait. Retry later; not a proof of erasure.
   */
  record KeyMissing(KeyId keyId) implements Opened {}

  /**
   * The value does not open with its keys: altered, copied from another message, chat or field, or
   * of an envelope version this jar does not know. Treat the record as poison.
   */
  record Unreadable(String reason) implements Opened {}
}

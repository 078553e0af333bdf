package io.chatcqrs.events.crypto;

import java.time.Instant;

/** What a {@link KeyStore} knows of one key id. */
public sealed interface KeyLookup {

  KeyId keyId();

  /** The key exists and can be used. */
  record Live(DataKey key) implements KeyLookup {
    @Override
    public KeyId keyId() {
      return key.id();
    }
  }

  /**
   * The key was destroyed at {@code destroyedAt}: whatever was sealed with it is unreadable, and it
   * will never be created again.
   */
  record Destroyed(KeyId keyId, Instant destroyedAt) implements KeyLookup {}

  /** No such key was ever created (or, in a following store, it has not arrived yet). */
  record Absent(KeyId keyId) implements KeyLookup {}
}

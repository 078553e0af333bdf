package io.chatcqrs.events.crypto;

import java.util.Set;

/**
 * The data keys of a deployment. A key is created once, used by every instance from then on, and
 * may be destroyed; a destroyed key is never created again under the same id, so text sealed with
 * it stays unreadable whatever writes later. Implementations are thread-safe.
 */
public interface KeyStore extends AutoCloseable {

  /**
   * The live key of {@code id}, created if no key of that id ever existed. Concurrent callers, in
   * this process or another, get the same key.
   *
   * @throws KeyDestroyedException if the key was destroyed
   */
  DataKey createIfAbsent(KeyId id);

  /** What the store knows of {@code id}; never throws for a destroyed or absent key. */
  KeyLookup get(KeyId id);

  /**
   * Destroys {@code id} (whether or not it exists, so it can never be created afterwards).
   * Idempotent. When it returns, {@link #get} of this store answers {@link KeyLookup.Destroyed}.
   */
  void destroy(KeyId id);

  /** The ids of every destroyed key. */
  Set<KeyId> destroyed();

  /** The ids of every live key (for the retention sweep and master-key rotation). */
  Set<KeyId> live();

  @Override
  default void close() {}
}

package io.chatcqrs.events.crypto;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyStore} of one process's memory: for tests and tools. Keys are lost with the process,
 * so it must never back sealed data that outlives it.
 */
public final class InMemoryKeyStore implements KeyStore {
  private final Map<KeyId, KeyLookup> keys = new ConcurrentHashMap<>();
  private final SecureRandom random;
  private final Clock clock;

  public InMemoryKeyStore() {
    this(new SecureRandom(), Clock.systemUTC());
  }

  public InMemoryKeyStore(SecureRandom random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  @Override
  public DataKey createIfAbsent(KeyId id) {
    KeyLookup lookup =
        keys.computeIfAbsent(id, k -> new KeyLookup.Live(DataKey.generate(k, random)));
    if (lookup instanceof KeyLookup.Live live) {
      return live.key();
    }
    throw new KeyDestroyedException(id);
  }

  @Override
  public KeyLookup get(KeyId id) {
    return keys.getOrDefault(id, new KeyLookup.Absent(id));
  }

  @Override
  public void destroy(KeyId id) {
    keys.compute(
        id,
        (k, old) ->
            old instanceof KeyLookup.Destroyed ? old : new KeyLookup.Destroyed(k, clock.instant()));
  }

  @Override
  public Set<KeyId> destroyed() {
    return ids(KeyLookup.Destroyed.class);
  }

  @Override
  public Set<KeyId> live() {
    return ids(KeyLookup.Live.class);
  }

  private Set<KeyId> ids(Class<? extends KeyLookup> state) {
    Set<KeyId> ids = new TreeSet<>();
    keys.forEach(
        (id, lookup) -> {
          if (state.isInstance(lookup)) {
            ids.add(id);
          }
        });
    return Set.copyOf(ids);
  }
}

package io.chatcqrs.events.crypto;

/**
 * Something was to be sealed with a key that has been destroyed (an erased person, an expired
 * retention period). A destroyed key is never created again, so the caller refuses the write.
 */
public class KeyDestroyedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final KeyId keyId;

  public KeyDestroyedException(KeyId keyId) {
    super("key destroyed: " + keyId);
    this.keyId = keyId;
  }

  public KeyId keyId() {
    return keyId;
  }
}

package io.chatcqrs.events.crypto;

/**
 * A sealed value could not be opened with the keys given: it was altered, moved to another context
 * (message, chat, field), or the keys are not the ones it was sealed with. Never thrown for a
 * destroyed key: {@link Decryptor} answers that as a result.
 */
public class SealedTextException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SealedTextException(String message) {
    super(message);
  }

  public SealedTextException(String message, Throwable cause) {
    super(message, cause);
  }
}

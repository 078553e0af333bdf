package io.chatcqrs.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chatcqrs.events.ChatEvent;
import java.io.IOException;

/** Encodes chat events to the contract's JSON and back. Thread-safe. */
public final class ChatEventCodec {
  private ChatEventCodec() {}

  /** The event as UTF-8 JSON, with its {@code event_type} discriminator. */
  public static byte[] encode(ChatEvent event) {
    try {
      return Json.mapper().writerFor(ChatEvent.class).writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a chat event is always serialisable", e);
    }
  }

  /**
   * Decodes JSON written by {@link #encode}.
   *
   * @throws UndecodableEventException if the bytes are not a valid chat event
   */
  public static ChatEvent decode(byte[] json) {
    if (json == null) {
      throw new UndecodableEventException("null payload", null);
    }
    try {
      return Json.mapper().readValue(json, ChatEvent.class);
    } catch (IOException | RuntimeException e) {
      throw new UndecodableEventException(e.getMessage(), e);
    }
  }

  /** Bytes that are not a chat event: poison input for consumers (route to a dead-letter topic). */
  public static final class UndecodableEventException extends RuntimeException {
    UndecodableEventException(String message, Throwable cause) {
      super("undecodable chat event: " + message, cause);
    }
  }
}

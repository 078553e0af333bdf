package io.chatcqrs.projection.sink.cql;

import io.chatcqrs.events.projection.MessageView;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The values of one write by bind-marker name. {@link #set} binds a value, null included (a null
 * overwrites the column, as a tombstone); {@link #setOrUnset} leaves the marker unset when the
 * value is null, so the column keeps what it had and no tombstone is written (the driver's {@code
 * NullSavingStrategy.DO_NOT_SET}, by name). Every marker must be addressed one way or the other
 * ({@link SinkStatement#write}).
 */
public final class Bindings {
  private static final String[] LAST_MESSAGE = {
    "last_message_id",
    "last_message_seq",
    "last_sender_id",
    "last_text",
    "last_sent_at",
    "last_edited_at",
    "last_deleted"
  };

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Set<String> addressed = new LinkedHashSet<>();

  private Bindings() {}

  /** Empty bindings. */
  public static Bindings named() {
    return new Bindings();
  }

  /** Binds {@code value} to {@code :marker}; null is written as null. */
  public Bindings set(String marker, Object value) {
    address(marker);
    values.put(marker, value);
    return this;
  }

  /** Binds {@code value} to {@code :marker}, or leaves it unset when {@code value} is null. */
  public Bindings setOrUnset(String marker, Object value) {
    address(marker);
    if (value != null) {
      values.put(marker, value);
    }
    return this;
  }

  /**
   * The {@code last_*} columns that {@code chats} and {@code rooms_by_user} share, from the chat's
   * newest message: all bound (a null edited_at or text of a deleted message overwrites the old
   * one), or all left unset before the first message.
   */
  public Bindings lastMessage(MessageView last) {
    if (last == null) {
      for (String marker : LAST_MESSAGE) {
        setOrUnset(marker, null);
      }
      return this;
    }
    return set("last_message_id", last.messageId().value())
        .set("last_message_seq", last.seq())
        .set("last_sender_id", last.senderId().value())
        .set("last_text", last.text())
        .set("last_sent_at", last.sentAt())
        .set("last_edited_at", last.editedAt())
        .set("last_deleted", last.deleted());
  }

  private void address(String marker) {
    if (!addressed.add(marker)) {
      throw new IllegalArgumentException("marker :" + marker + " bound twice");
    }
  }

  Set<String> addressed() {
    return addressed;
  }

  Map<String, Object> values() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}

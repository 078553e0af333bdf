package io.chatcqrs.events.codec;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde for any record type of the contract, using the contract's JSON conventions. */
public final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;

  /** A serde for values of {@code type}. */
  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return Json.mapper().writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException("cannot encode " + type.getSimpleName(), e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return Json.mapper().readValue(bytes, type);
      } catch (IOException e) {
        throw new SerializationException("cannot decode " + type.getSimpleName(), e);
      }
    };
  }
}

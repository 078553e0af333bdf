package io.chatcqrs.events.codec;

import io.chatcqrs.events.ChatEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for {@link ChatEvent} values (the record value is the event's JSON). Deserialising
 * bytes that are not an event throws {@link ChatEventCodec.UndecodableEventException}.
 */
public final class ChatEventSerde implements Serde<ChatEvent> {
  @Override
  public Serializer<ChatEvent> serializer() {
    return (topic, event) -> event == null ? null : ChatEventCodec.encode(event);
  }

  @Override
  public Deserializer<ChatEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : ChatEventCodec.decode(bytes);
  }
}

package io.chatcqrs.events.codec;

import io.chatcqrs.events.ChatEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Maps chat events to CloudEvents 1.0 and back. Records are written in binary mode by the
 * CloudEvents Kafka binding ({@link CloudEventSerializer}): the value is the event's JSON and the
 * attributes travel as {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time}, {@code
 * ce_specversion} headers, so a consumer that ignores headers still reads plain JSON.
 */
public final class ChatCloudEvents {
  /** Prefix of every {@code ce_type}: {@code io.chatcqrs.chat.MessageSent.v1} and so on. */
  public static final String TYPE_PREFIX = "io.chatcqrs.chat.";

  /** The {@code ce_source} of events appended by the command side. */
  public static final URI COMMAND_SOURCE = URI.create("urn:io.chatcqrs:command-api");

  private ChatCloudEvents() {}

  /** The {@code ce_type} of an event type name, e.g. {@code io.chatcqrs.chat.MessageSent.v1}. */
  public static String ceType(String eventType, int schemaVersion) {
    return TYPE_PREFIX + eventType + ".v" + schemaVersion;
  }

  /** The event as a CloudEvent whose data is the event's JSON. */
  public static CloudEvent toCloudEvent(ChatEvent event) {
    return CloudEventBuilder.v1()
        .withId(event.eventId())
        .withType(ceType(event.eventType(), event.schemaVersion()))
        .withSource(COMMAND_SOURCE)
        .withSubject(event.chatId().value())
        .withTime(event.occurredAt().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(ChatEventCodec.encode(event))
        .build();
  }

  /**
   * Decodes the chat event a CloudEvent carries.
   *
   * @throws ChatEventCodec.UndecodableEventException if it carries none
   */
  public static ChatEvent fromCloudEvent(CloudEvent cloudEvent) {
    return ChatEventCodec.decode(
        cloudEvent.getData() == null ? null : cloudEvent.getData().toBytes());
  }

  /**
   * A record for {@code topic}, keyed by chat id, ready for a producer using {@link
   * #producerConfig}.
   */
  public static ProducerRecord<String, CloudEvent> record(String topic, ChatEvent event) {
    return new ProducerRecord<>(topic, event.chatId().value(), toCloudEvent(event));
  }

  /** Producer settings for binary-mode CloudEvent values and String keys. */
  public static Map<String, Object> producerConfig() {
    return Map.of(
        "key.serializer",
        org.apache.kafka.common.serialization.StringSerializer.class.getName(),
        "value.serializer",
        CloudEventSerializer.class.getName(),
        CloudEventSerializer.ENCODING_CONFIG,
        "BINARY");
  }
}

package io.chatcqrs.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MessageSent;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChatCloudEventsTest {
  private static final String TOPIC = "chat.events.v1";

  static Stream<ChatEvent> samples() {
    return ChatEventSamples.all().values().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void should_write_the_five_ce_headers_in_binary_mode(ChatEvent event) {
    Headers headers = new RecordHeaders();

    serializer().serialize(TOPIC, headers, ChatCloudEvents.toCloudEvent(event));

    Map<String, String> values = asMap(headers);
    assertThat(values)
        .containsEntry("ce_id", event.eventId())
        .containsEntry("ce_type", "io.chatcqrs.chat." + event.eventType() + ".v1")
        .containsEntry("ce_source", "urn:io.chatcqrs:command-api")
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("content-type", "application/json")
        .containsKey("ce_time");
    assertThat(Instant.parse(values.get("ce_time"))).isEqualTo(event.occurredAt());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void should_write_the_plain_event_json_as_the_record_value(ChatEvent event) {
    byte[] value =
        serializer().serialize(TOPIC, new RecordHeaders(), ChatCloudEvents.toCloudEvent(event));

    assertThat(new String(value, StandardCharsets.UTF_8))
        .isEqualTo(new String(ChatEventCodec.encode(event), StandardCharsets.UTF_8));
    assertThat(ChatEventCodec.decode(value)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void should_round_trip_through_the_cloudevents_kafka_binding(ChatEvent event) {
    Headers headers = new RecordHeaders();
    byte[] value = serializer().serialize(TOPIC, headers, ChatCloudEvents.toCloudEvent(event));

    CloudEvent read;
    try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
      read = deserializer.deserialize(TOPIC, headers, value);
    }

    assertThat(read.getId()).isEqualTo(event.eventId());
    assertThat(read.getType()).isEqualTo(ChatCloudEvents.ceType(event.eventType(), 1));
    assertThat(read.getSubject()).isEqualTo(event.chatId().value());
    assertThat(read.getTime().toInstant()).isEqualTo(event.occurredAt());
    assertThat(ChatCloudEvents.fromCloudEvent(read)).isEqualTo(event);
  }

  @Test
  void should_carry_ce_time_equal_to_the_json_occurred_at_even_for_sub_millisecond_instants() {
    MessageSent sample = (MessageSent) ChatEventSamples.all().get(MessageSent.class);
    MessageSent precise =
        new MessageSent(
            sample.eventId(),
            sample.chatId(),
            sample.actorId(),
            Instant.parse("2026-11-25T09:30:00.123456789Z"),
            1,
            sample.messageId(),
            sample.clientMsgId(),
            sample.text());
    Headers headers = new RecordHeaders();

    byte[] value = serializer().serialize(TOPIC, headers, ChatCloudEvents.toCloudEvent(precise));

    Instant ceTime = Instant.parse(asMap(headers).get("ce_time"));
    assertThat(ceTime).isEqualTo(ChatEventCodec.decode(value).occurredAt());
    assertThat(ceTime).isEqualTo(Instant.parse("2026-11-25T09:30:00.123Z"));
  }

  @Test
  void should_key_the_producer_record_by_chat_id() {
    ChatEvent event = ChatEventSamples.all().get(MemberJoined.class);

    var record = ChatCloudEvents.record(TOPIC, event);

    assertThat(record.key()).isEqualTo(event.chatId().value());
    assertThat(record.topic()).isEqualTo(TOPIC);
    assertThat(ChatCloudEvents.producerConfig())
        .containsEntry(CloudEventSerializer.ENCODING_CONFIG, "BINARY");
  }

  private static CloudEventSerializer serializer() {
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(
        Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), /* isKey= */ false);
    return serializer;
  }

  private static Map<String, String> asMap(Headers headers) {
    Map<String, String> values = new HashMap<>();
    for (Header header : headers) {
      assertThat(values).as("header %s appears once", header.key()).doesNotContainKey(header.key());
      values.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return values;
  }
}

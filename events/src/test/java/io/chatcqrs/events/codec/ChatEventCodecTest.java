package io.chatcqrs.events.codec;

import static io.chatcqrs.events.ChatEventSamples.ALICE;
import static io.chatcqrs.events.ChatEventSamples.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatEventCodecTest {
  static Stream<ChatEvent> samples() {
    return Stream.concat(
        ChatEventSamples.all().values().stream(), Stream.of(ChatEventSamples.directChat()));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void should_round_trip_every_event_type(ChatEvent event) {
    ChatEvent decoded = ChatEventCodec.decode(ChatEventCodec.encode(event));

    assertThat(decoded).isEqualTo(event).isInstanceOf(event.getClass());
  }

  @Test
  void should_cover_every_permitted_event_type_in_the_round_trip() {
    assertThat(samples().map(Object::getClass).distinct())
        .containsExactlyInAnyOrder(ChatEvent.class.getPermittedSubclasses());
  }

  @ParameterizedTest
  @MethodSource("samples")
  void should_write_snake_case_envelope_and_the_type_discriminator(ChatEvent event)
      throws IOException {
    JsonNode json = Json.mapper().readTree(ChatEventCodec.encode(event));

    assertThat(json.get("event_type").asText()).isEqualTo(event.getClass().getSimpleName());
    assertThat(json.get("event_id").asText()).isEqualTo(event.eventId());
    assertThat(json.get("chat_id").asText()).isEqualTo(event.chatId().value());
    assertThat(json.get("actor_id").asText()).isEqualTo(event.actorId().value());
    assertThat(json.get("schema_version").asInt()).isEqualTo(1);
    json.fieldNames().forEachRemaining(name -> assertThat(name).matches("[a-z_]+"));
  }

  @Test
  void should_write_times_in_utc_with_exactly_three_fraction_digits() throws IOException {
    Instant whole = Instant.parse("2026-11-25T09:30:00Z");
    Instant nanos = Instant.parse("2026-11-25T09:30:00.123456789Z");

    assertThat(occurredAtOf(joinedAt(whole))).isEqualTo("2026-11-25T09:30:00.000Z");
    assertThat(occurredAtOf(joinedAt(nanos))).isEqualTo("2026-11-25T09:30:00.123Z");
  }

  @Test
  void should_decode_times_to_millisecond_precision() {
    ChatEvent decoded =
        ChatEventCodec.decode(
            ChatEventCodec.encode(joinedAt(Instant.parse("2026-11-25T09:30:00.123456789Z"))));

    assertThat(decoded.occurredAt()).isEqualTo(Instant.parse("2026-11-25T09:30:00.123Z"));
  }

  @Test
  void should_ignore_fields_it_does_not_know() throws IOException {
    ChatEvent event = ChatEventSamples.all().get(MemberJoined.class);
    ObjectNode json = (ObjectNode) Json.mapper().readTree(ChatEventCodec.encode(event));
    json.put("invited_via", "link");
    json.putObject("metadata").put("client", "ios");

    assertThat(ChatEventCodec.decode(Json.mapper().writeValueAsBytes(json))).isEqualTo(event);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[1,2,3]",
        "{}",
        "{\"event_type\":\"ChatRenamed\",\"event_id\":\"e\",\"chat_id\":\"c\","
            + "\"actor_id\":\"u\",\"occurred_at\":\"2026-11-25T09:30:00.123Z\",\"schema_version\":1}",
        "{\"event_type\":\"MemberJoined\",\"event_id\":\"e\",\"chat_id\":\"bad id\","
            + "\"actor_id\":\"u\",\"occurred_at\":\"2026-11-25T09:30:00.123Z\","
            + "\"schema_version\":1,\"user_id\":\"u2\"}",
        "{\"event_type\":\"MemberJoined\",\"event_id\":\"e\",\"chat_id\":\"c\","
            + "\"actor_id\":\"u\",\"occurred_at\":\"2026-11-25T09:30:00.123Z\",\"schema_version\":1}",
        "{\"event_type\":\"MemberJoined\",\"event_id\":\"e\",\"chat_id\":\"c\","
            + "\"actor_id\":\"u\",\"occurred_at\":\"last tuesday\",\"schema_version\":1,"
            + "\"user_id\":\"u2\"}"
      })
  void should_reject_poison_payloads_with_undecodable_event_exception(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ChatEventCodec.decode(bytes))
        .isInstanceOf(ChatEventCodec.UndecodableEventException.class);
  }

  @Test
  void should_reject_null_and_binary_garbage_with_undecodable_event_exception() {
    byte[] garbage = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7B};
    byte[] truncated = Arrays.copyOf(ChatEventCodec.encode(joinedAt(ChatEventSamples.AT)), 40);

    assertThatThrownBy(() -> ChatEventCodec.decode(null))
        .isInstanceOf(ChatEventCodec.UndecodableEventException.class);
    assertThatThrownBy(() -> ChatEventCodec.decode(garbage))
        .isInstanceOf(ChatEventCodec.UndecodableEventException.class);
    assertThatThrownBy(() -> ChatEventCodec.decode(truncated))
        .isInstanceOf(ChatEventCodec.UndecodableEventException.class);
  }

  @Test
  void should_round_trip_through_the_kafka_serde() {
    ChatEventSerde serde = new ChatEventSerde();
    ChatEvent event = ChatEventSamples.all().get(MemberJoined.class);

    byte[] bytes = serde.serializer().serialize("chat.events.v1", event);

    assertThat(serde.deserializer().deserialize("chat.events.v1", bytes)).isEqualTo(event);
    assertThat(serde.serializer().serialize("chat.events.v1", null)).isNull();
    assertThat(serde.deserializer().deserialize("chat.events.v1", null)).isNull();
  }

  private static MemberJoined joinedAt(Instant at) {
    return new MemberJoined("e-1", GROUP, ALICE, at, 1, UserId.of("carol"));
  }

  private static String occurredAtOf(ChatEvent event) throws IOException {
    return Json.mapper().readTree(ChatEventCodec.encode(event)).get("occurred_at").asText();
  }
}

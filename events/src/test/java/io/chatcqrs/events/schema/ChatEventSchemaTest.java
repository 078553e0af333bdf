package io.chatcqrs.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.codec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatEventSchemaTest {
  /** Fields the codec writes that a valid event may leave out (ChatCreated's nullable title). */
  private static final Set<String> OPTIONAL = Set.of("title");

  static Stream<Class<?>> eventTypes() {
    return Arrays.stream(ChatEvent.class.getPermittedSubclasses());
  }

  static Stream<Arguments> requiredFields() {
    List<Arguments> cases = new ArrayList<>();
    for (ChatEvent sample : ChatEventSamples.all().values()) {
      encoded(sample)
          .fieldNames()
          .forEachRemaining(
              field -> {
                if (!OPTIONAL.contains(field)) {
                  cases.add(Arguments.of(sample.eventType(), field));
                }
              });
    }
    return cases.stream();
  }

  @Test
  void should_know_all_seven_event_types_of_the_contract() {
    assertThat(eventTypes().map(Class::getSimpleName))
        .containsExactlyInAnyOrder(
            "ChatCreated",
            "MemberJoined",
            "MemberLeft",
            "MessageSent",
            "MessageEdited",
            "MessageDeleted",
            "ReadMarkerMoved");
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void should_ship_a_schema_file_for_every_event_type(Class<?> type) throws IOException {
    String resource = "schemas/" + type.getSimpleName() + ".json";
    try (var in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      JsonNode schema = Json.mapper().readTree(in);
      assertThat(schema.path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(schema.path("properties").path("event_type").path("const").asText())
          .isEqualTo(type.getSimpleName());
      assertThat(schema.path("additionalProperties").asBoolean(false)).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void should_validate_a_sample_of_every_event_type_against_its_schema(Class<?> type) {
    ChatEvent sample = ChatEventSamples.all().get(type);
    assertThat(sample).as("a sample of " + type.getSimpleName()).isNotNull();

    assertThat(Schemas.validate(type.getSimpleName(), encoded(sample))).isEmpty();
    assertThat(Schemas.validate("ChatEvent", encoded(sample))).isEmpty();
  }

  @Test
  void should_validate_a_direct_chat_with_a_null_title() {
    assertThat(Schemas.validate("ChatCreated", encoded(ChatEventSamples.directChat()))).isEmpty();
  }

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("requiredFields")
  void should_reject_an_event_missing_a_required_field(String type, String field) {
    ObjectNode json = encoded(sampleOf(type));
    json.remove(field);

    assertThat(Schemas.validate(type, json)).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void should_reject_an_invalid_chat_id(Class<?> type) {
    for (String bad : List.of("", "has space", "dot.ted", "ü", "x".repeat(65))) {
      ObjectNode json = encoded(ChatEventSamples.all().get(type));
      json.put("chat_id", bad);
      assertThat(Schemas.validate(type.getSimpleName(), json)).as("chat_id '%s'", bad).isNotEmpty();
    }
  }

  @Test
  void should_accept_an_id_of_exactly_64_characters() {
    ObjectNode json = encoded(sampleOf("MemberJoined"));
    json.put("user_id", "A".repeat(64));

    assertThat(Schemas.validate("MemberJoined", json)).isEmpty();
  }

  @Test
  void should_reject_an_invalid_user_or_message_id() {
    ObjectNode joined = encoded(sampleOf("MemberJoined"));
    joined.put("user_id", "bob@example.com");
    ObjectNode deleted = encoded(sampleOf("MessageDeleted"));
    deleted.put("message_id", "m/1");

    assertThat(Schemas.validate("MemberJoined", joined)).isNotEmpty();
    assertThat(Schemas.validate("MessageDeleted", deleted)).isNotEmpty();
  }

  @Test
  void should_reject_empty_and_overlong_text() {
    for (String type : List.of("MessageSent", "MessageEdited")) {
      ObjectNode empty = encoded(sampleOf(type));
      empty.put("text", "");
      ObjectNode overlong = encoded(sampleOf(type));
      overlong.put("text", "a".repeat(4001));
      ObjectNode longest = encoded(sampleOf(type));
      longest.put("text", "a".repeat(4000));

      assertThat(Schemas.validate(type, empty)).as(type + " empty").isNotEmpty();
      assertThat(Schemas.validate(type, overlong)).as(type + " 4001").isNotEmpty();
      assertThat(Schemas.validate(type, longest)).as(type + " 4000").isEmpty();
    }
  }

  @Test
  void should_reject_times_that_are_not_utc_with_milliseconds() {
    for (String bad :
        List.of(
            "2026-11-25T09:30:00Z",
            "2026-11-25T09:30:00.123456Z",
            "2026-11-25T10:30:00.123+01:00",
            "yesterday")) {
      ObjectNode json = encoded(sampleOf("MessageSent"));
      json.put("occurred_at", bad);
      assertThat(Schemas.validate("MessageSent", json)).as(bad).isNotEmpty();
    }
  }

  @Test
  void should_reject_an_event_type_that_does_not_match_the_schema() {
    ObjectNode json = encoded(sampleOf("MessageSent"));
    json.put("event_type", "MessageEdited");

    assertThat(Schemas.validate("MessageSent", json)).isNotEmpty();
  }

  @Test
  void should_reject_a_negative_read_marker_and_an_unknown_chat_type() {
    ObjectNode read = encoded(sampleOf("ReadMarkerMoved"));
    read.put("seq", -1);
    ObjectNode created = encoded(sampleOf("ChatCreated"));
    created.put("type", "channel");

    assertThat(Schemas.validate("ReadMarkerMoved", read)).isNotEmpty();
    assertThat(Schemas.validate("ChatCreated", created)).isNotEmpty();
  }

  @Test
  void should_accept_fields_added_later() {
    ObjectNode json = encoded(sampleOf("MessageSent"));
    json.put("reply_to", "m123");

    assertThat(Schemas.validate("MessageSent", json)).isEmpty();
  }

  @Test
  void should_check_known_types_strictly_and_unknown_types_by_envelope_in_the_union_schema() {
    ObjectNode knownButBroken = encoded(sampleOf("MessageSent"));
    knownButBroken.remove("text");
    ObjectNode unknownType = encoded(sampleOf("MemberLeft"));
    unknownType.put("event_type", "ChatRenamed");
    unknownType.put("title", "new title");
    ObjectNode unknownWithoutEnvelope = unknownType.deepCopy();
    unknownWithoutEnvelope.remove("occurred_at");

    assertThat(Schemas.validate("ChatEvent", knownButBroken)).isNotEmpty();
    assertThat(Schemas.validate("ChatEvent", unknownType)).isEmpty();
    assertThat(Schemas.validate("ChatEvent", unknownWithoutEnvelope)).isNotEmpty();
  }

  private static ChatEvent sampleOf(String type) {
    return ChatEventSamples.all().values().stream()
        .filter(e -> e.eventType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static ObjectNode encoded(ChatEvent event) {
    try {
      return (ObjectNode) Json.mapper().readTree(ChatEventCodec.encode(event));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

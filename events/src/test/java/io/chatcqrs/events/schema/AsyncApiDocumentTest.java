package io.chatcqrs.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.events.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AsyncApiDocumentTest {
  private static JsonNode doc;

  @BeforeAll
  static void parse() throws IOException {
    try (InputStream in = resource("asyncapi.yaml")) {
      assertThat(in).as("asyncapi.yaml on the classpath").isNotNull();
      doc = new YAMLMapper().readTree(in);
    }
  }

  @Test
  void should_be_an_asyncapi_3_document() {
    assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
  }

  @Test
  void should_have_a_channel_for_every_topic_with_its_partitions_and_retention() {
    Map<String, JsonNode> channelsByAddress = channelsByAddress();

    assertThat(channelsByAddress.keySet())
        .containsExactlyInAnyOrderElementsOf(
            ChatTopics.standard().all().stream().map(TopicSpec::name).toList());
    for (TopicSpec spec : ChatTopics.standard().all()) {
      JsonNode kafka = channelsByAddress.get(spec.name()).path("bindings").path("kafka");
      assertThat(kafka.path("topic").asText()).as(spec.name()).isEqualTo(spec.name());
      assertThat(kafka.path("partitions").asInt()).as(spec.name()).isEqualTo(spec.partitions());
      JsonNode config = kafka.path("topicConfiguration");
      assertThat(config.path("retention.ms").asLong())
          .as(spec.name())
          .isEqualTo(spec.retentionMs());
      assertThat(config.path("cleanup.policy").toString()).contains(spec.cleanupPolicy());
    }
  }

  @Test
  void should_describe_every_event_type_on_the_chat_events_channel_with_its_ce_type() {
    JsonNode channel = channelsByAddress().get(ChatTopics.standard().chatEvents());

    for (Class<?> type : ChatEvent.class.getPermittedSubclasses()) {
      String name = type.getSimpleName();
      assertThat(channel.path("messages").has(name)).as("channel message " + name).isTrue();
      JsonNode message = resolve(channel.path("messages").path(name).path("$ref").asText());
      assertThat(message.path("payload").path("schema").path("$ref").asText())
          .isEqualTo("./schemas/" + name + ".json");
      assertThat(message.toString()).contains(ChatCloudEvents.ceType(name, 1));
    }
  }

  @Test
  void should_require_the_cloudevents_binary_mode_headers() {
    JsonNode headers = doc.at("/components/schemas/CloudEventHeaders");

    assertThat(StreamSupport.stream(headers.path("required").spliterator(), false))
        .extracting(JsonNode::asText)
        .contains("ce_id", "ce_type", "ce_source", "ce_time", "ce_specversion", "content-type");
    assertThat(headers.at("/properties/ce_source/const").asText())
        .isEqualTo(ChatCloudEvents.COMMAND_SOURCE.toString());
  }

  @Test
  void should_only_reference_existing_schema_files_and_components() throws IOException {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);

    assertThat(refs)
        .contains(
            "./schemas/SequencedEvent.json",
            "./schemas/UserEvent.json",
            "./schemas/GroupEvent.json",
            "./schemas/RoomUpdates.json");
    for (String ref : refs) {
      if (ref.startsWith("#")) {
        assertThat(resolve(ref).isMissingNode()).as(ref).isFalse();
      } else {
        try (InputStream in = resource(ref.replaceFirst("^\\./", ""))) {
          assertThat(in).as(ref).isNotNull();
        }
      }
    }
  }

  @Test
  void should_document_how_to_rebuild_rooms_compatibility_and_consumer_groups() {
    String description = doc.path("info").path("description").asText();

    assertThat(description)
        .contains("Rebuilding every room", "Compatibility policy", "Consumer groups")
        .contains("accepted", "duplicate", "rejected", "reason", "seq")
        .contains("MessageEdited", "MessageDeleted", ChatTopics.standard().chatSequenced());
  }

  @Test
  void should_point_internal_services_and_the_data_team_at_the_verdicts_not_the_requests() {
    String verdicts = channelRefOf(ChatTopics.standard().chatSequenced());
    String requests = channelRefOf(ChatTopics.standard().chatEvents());
    List<String> consumerTags = new ArrayList<>();
    List<String> requestReaders = new ArrayList<>();

    for (JsonNode operation : doc.path("operations")) {
      if (!operation.path("action").asText().equals("receive")) {
        continue;
      }
      String channel = operation.path("channel").path("$ref").asText();
      List<String> tags = tagNames(operation);
      if (tags.contains("internal-services") || tags.contains("data-team")) {
        assertThat(channel).as(operation.path("title").asText()).isEqualTo(verdicts);
        assertThat(operation.path("description").asText())
            .contains("isolation.level=read_committed", "accepted");
        consumerTags.addAll(tags);
      }
      if (channel.equals(requests)) {
        assertThat(tags).as("who receives chat.events.v1").containsExactly("projection");
        requestReaders.addAll(tags);
      }
    }

    assertThat(consumerTags).contains("internal-services", "data-team");
    assertThat(requestReaders).containsExactly("projection");
  }

  @Test
  void should_describe_chat_events_as_requests_and_chat_sequenced_as_the_topic_to_consume() {
    Map<String, JsonNode> channels = channelsByAddress();
    String requests = oneLine(channels.get(ChatTopics.standard().chatEvents()));
    String verdicts = oneLine(channels.get(ChatTopics.standard().chatSequenced()));
    String info = oneLine(doc.path("info"));

    assertThat(requests).contains("Requests, not verdicts", "Consumed by the projection only");
    assertThat(verdicts)
        .contains("internal services and the data team consume", "read_committed", "accepted");
    assertThat(info)
        .contains("Which topic to consume: verdicts, not requests")
        .contains("the data team consume `chat.sequenced.v1`, read with")
        .contains("`isolation.level=read_committed`", "Act only on `accepted` records")
        .contains("Only the projection consumes it");
  }

  @Test
  void should_describe_the_group_events_channel_of_chats_in_fan_out_on_read_mode() {
    String address = ChatTopics.standard().groupEvents();
    JsonNode channel = channelsByAddress().get(address);
    JsonNode message = resolve(channel.path("messages").path("GroupEvent").path("$ref").asText());
    String channelRef = channelRefOf(address);
    List<String> actions = new ArrayList<>();
    for (JsonNode operation : doc.path("operations")) {
      if (operation.path("channel").path("$ref").asText().equals(channelRef)) {
        actions.add(operation.path("action").asText());
      }
    }

    assertThat(message.path("payload").path("schema").path("$ref").asText())
        .isEqualTo("./schemas/GroupEvent.json");
    assertThat(message.at("/bindings/kafka/key/$ref").asText())
        .isEqualTo("#/components/schemas/ChatKey");
    assertThat(oneLine(channel))
        .contains("fan-out-on-read", "one record per event", "whatever the group's size")
        .contains("every query-api instance", "Retention: 1 day");
    assertThat(actions).containsExactlyInAnyOrder("send", "receive");
    assertThat(oneLine(channels().path("chatSequenced")))
        .contains("only the members the event concerns");
    assertThat(oneLine(doc.path("info"))).contains("Fan-out modes", "`write`", "`read`");
  }

  private static JsonNode channels() {
    return doc.path("channels");
  }

  private static String oneLine(JsonNode node) {
    return node.path("description").asText().replaceAll("\\s+", " ");
  }

  private static String channelRefOf(String address) {
    var channels = doc.path("channels").properties();
    for (Map.Entry<String, JsonNode> channel : channels) {
      if (channel.getValue().path("address").asText().equals(address)) {
        return "#/channels/" + channel.getKey();
      }
    }
    throw new AssertionError("no channel for " + address);
  }

  private static List<String> tagNames(JsonNode operation) {
    List<String> names = new ArrayList<>();
    for (JsonNode tag : operation.path("tags")) {
      JsonNode resolved = tag.has("$ref") ? resolve(tag.path("$ref").asText()) : tag;
      names.add(resolved.path("name").asText());
    }
    return names;
  }

  private static Map<String, JsonNode> channelsByAddress() {
    return StreamSupport.stream(doc.path("channels").spliterator(), false)
        .collect(Collectors.toMap(c -> c.path("address").asText(), Function.identity()));
  }

  private static JsonNode resolve(String localRef) {
    return doc.at(localRef.substring(1));
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }

  private static InputStream resource(String path) {
    return AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(path);
  }
}

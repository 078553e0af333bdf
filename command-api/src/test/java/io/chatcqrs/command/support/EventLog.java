package io.chatcqrs.command.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.chatcqrs.platform.position.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code chat.events.v1} of one test: records at a position, and how many there are. */
public final class EventLog implements AutoCloseable {
  private static final String SCHEMA_BASE = "https://chatcqrs.io/schemas/";
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;

  public EventLog(String bootstrapServers, String topic) {
    this.topic = topic;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrapServers,
                "enable.auto.commit", "false",
                "isolation.level", "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
  }

  /** The number of records in the topic (sum of end offsets over all partitions). */
  public long count() {
    return endOffsets().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The end offset of every partition, by partition number. */
  public Map<Integer, Long> endOffsets() {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toList());
    return consumer.endOffsets(partitions, Duration.ofSeconds(10)).entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
  }

  /** The record at the position a command answered with. */
  public ConsumerRecord<String, byte[]> at(String positionToken) {
    Position position = Position.decode(positionToken);
    TopicPartition partition = new TopicPartition(topic, position.partition());
    consumer.assign(List.of(partition));
    consumer.seek(partition, position.offset());
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() == position.offset()) {
          return record;
        }
      }
    }
    throw new AssertionError("no record at " + position);
  }

  /** The records of {@code partition} from offset {@code from} to {@code to}, both included. */
  public List<ConsumerRecord<String, byte[]>> range(int partition, long from, long to) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() <= to) {
          records.add(record);
        }
        if (record.offset() >= to) {
          return records;
        }
      }
    }
    throw new AssertionError("no record at " + to + " of partition " + partition);
  }

  /**
   * Asserts the record is a well-formed chat event: key = chat id, the CloudEvents binary-mode
   * headers, a payload valid against the event type's JSON Schema. Returns the payload.
   */
  public static JsonNode assertChatEvent(
      ConsumerRecord<String, byte[]> record, String eventType, String chatId) {
    JsonNode payload;
    try {
      payload = JSON.readTree(record.value());
    } catch (IOException e) {
      throw new AssertionError("payload is not JSON", e);
    }
    assertThat(record.key()).isEqualTo(chatId);
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_type")).isEqualTo("io.chatcqrs.chat." + eventType + ".v1");
    assertThat(header(record, "ce_source")).isEqualTo("urn:io.chatcqrs:command-api");
    assertThat(header(record, "ce_id")).isEqualTo(payload.path("event_id").asText());
    assertThat(header(record, "ce_time")).isNotBlank();
    assertThat(payload.path("event_type").asText()).isEqualTo(eventType);
    assertThat(payload.path("chat_id").asText()).isEqualTo(chatId);
    var errors =
        SCHEMAS
            .getSchema(
                SchemaLocation.of(SCHEMA_BASE + eventType + ".json"),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build())
            .validate(payload);
    assertThat(errors).as("schema violations of %s", payload).isEmpty();
    return payload;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}

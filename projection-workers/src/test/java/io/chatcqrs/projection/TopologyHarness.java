package io.chatcqrs.projection;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.projection.perchat.ChatRules;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The projection topology in a {@link TopologyTestDriver}, with typed input and output topics. */
public final class TopologyHarness implements AutoCloseable {
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, byte[]> input;
  public final TestOutputTopic<String, SequencedEvent> sequenced;
  public final TestOutputTopic<String, UserEvent> userEvents;
  public final TestOutputTopic<String, byte[]> deadLetters;

  public TopologyHarness(int maxGroupMembers) {
    ChatTopics topics = ChatTopics.standard();
    StreamsBuilder builder = new StreamsBuilder();
    ProjectionTopology.build(
        builder, topics, new ChatRules(maxGroupMembers), ProjectionMetrics.noop());
    Properties props =
        ProjectionTopology.streamsConfig(
            "test-projection",
            "dummy:9092",
            Map.of(
                "state.dir",
                java.nio.file.Path.of("target", "ttd-state").toAbsolutePath().toString()));
    driver = new TopologyTestDriver(builder.build(), props);
    input =
        driver.createInputTopic(
            topics.chatEvents(), new StringSerializer(), new ByteArraySerializer());
    sequenced =
        driver.createOutputTopic(
            topics.chatSequenced(),
            new StringDeserializer(),
            new JsonSerde<>(SequencedEvent.class).deserializer());
    userEvents =
        driver.createOutputTopic(
            topics.userEvents(),
            new StringDeserializer(),
            new JsonSerde<>(UserEvent.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            topics.deadLetter(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  public TopologyHarness() {
    this(1000);
  }

  /** Pipes the events in order. */
  public void pipe(ChatEvent... events) {
    for (ChatEvent e : events) {
      input.pipeInput(e.chatId().value(), ChatEventCodec.encode(e));
    }
  }

  /** Pipes the events and returns the verdicts they produced. */
  public List<SequencedEvent> verdicts(ChatEvent... events) {
    pipe(events);
    return sequenced.readValuesToList();
  }

  /** All user events produced so far, drained. */
  public List<TestRecord<String, UserEvent>> drainUserEvents() {
    return userEvents.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}

package io.chatcqrs.projection;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomUpdates;
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
  /** The application id (the prefix of internal topics). */
  public static final String APPLICATION_ID = "test-projection";

  public final TopologyTestDriver driver;
  public final TestInputTopic<String, byte[]> input;
  public final TestOutputTopic<String, SequencedEvent> sequenced;
  public final TestOutputTopic<String, UserEvent> userEvents;
  public final TestOutputTopic<String, byte[]> deadLetters;
  public final TestOutputTopic<String, GroupEvent> groupEvents;
  public final TestOutputTopic<String, RoomUpdates> roomUpdates;

  /** The topology with the given group size limit and fan-out-on-read threshold. */
  public TopologyHarness(int maxGroupMembers, int fanOutReadThreshold) {
    ChatTopics topics = ChatTopics.standard();
    StreamsBuilder builder = new StreamsBuilder();
    ProjectionTopology.build(
        builder,
        topics,
        new ChatRules(maxGroupMembers, fanOutReadThreshold),
        ProjectionMetrics.noop());
    Properties props =
        ProjectionTopology.streamsConfig(
            APPLICATION_ID,
            "dummy:9092",
            Map.of(
                "state.dir",
                java.nio.file.Path.of("target", "ttd-state", java.util.UUID.randomUUID().toString())
                    .toAbsolutePath()
                    .toString()));
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
    groupEvents =
        driver.createOutputTopic(
            topics.groupEvents(),
            new StringDeserializer(),
            new JsonSerde<>(GroupEvent.class).deserializer());
    roomUpdates =
        driver.createOutputTopic(
            topics.roomUpdates(),
            new StringDeserializer(),
            new JsonSerde<>(RoomUpdates.class).deserializer());
  }

  /** The topology with the given group size limit and the default threshold. */
  public TopologyHarness(int maxGroupMembers) {
    this(maxGroupMembers, ChatRules.DEFAULT_FANOUT_READ_THRESHOLD);
  }

  public TopologyHarness() {
    this(1000);
  }

  /**
   * The records written so far (drained) to the changelog of {@code store}: one per put or delete,
   * so their number is the store's write cost.
   */
  public List<TestRecord<byte[], byte[]>> drainChangelog(String store) {
    return driver
        .createOutputTopic(
            APPLICATION_ID + "-" + store + "-changelog",
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())
        .readRecordsToList();
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

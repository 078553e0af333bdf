package io.chatcqrs.projection;

import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.projection.fanout.FanoutItem;
import io.chatcqrs.projection.fanout.UserStageProcessor;
import io.chatcqrs.projection.perchat.ChatRules;
import io.chatcqrs.projection.perchat.ChatState;
import io.chatcqrs.projection.perchat.IndexedMessage;
import io.chatcqrs.projection.perchat.Member;
import io.chatcqrs.projection.perchat.PerChatOutput;
import io.chatcqrs.projection.perchat.PerChatOutput.DeadLetter;
import io.chatcqrs.projection.perchat.PerChatOutput.Sequenced;
import io.chatcqrs.projection.perchat.PerChatOutput.ToGroup;
import io.chatcqrs.projection.perchat.PerChatOutput.ToRooms;
import io.chatcqrs.projection.perchat.PerChatOutput.ToUser;
import io.chatcqrs.projection.perchat.PerChatProcessor;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The projection's Kafka Streams topology, pure (no I/O but Kafka): the per-chat stage from
 * chat.events.v1 to chat.sequenced.v1 (one verdict per input; undecodable input to the dead-letter
 * topic), to chat.room-updates.v1 (the rooms each verdict changed, one record per verdict) and, for
 * chats fanning out on read, to chat.group-events.v1; its fan-out items go through the named
 * repartition topic {@code user-fanout} to the user stage and chat.user-events.v1. Every processor,
 * store and internal topic is named, so their names never change by accident.
 */
public final class ProjectionTopology {
  /** Name of the repartition topic (prefixed by Kafka Streams with the application id). */
  public static final String FANOUT_REPARTITION = "user-fanout";

  private static final Serde<SequencedEvent> SEQUENCED = new JsonSerde<>(SequencedEvent.class);
  private static final Serde<UserEvent> USER_EVENT = new JsonSerde<>(UserEvent.class);
  private static final Serde<FanoutItem> FANOUT_ITEM = new JsonSerde<>(FanoutItem.class);
  private static final Serde<GroupEvent> GROUP_EVENT = new JsonSerde<>(GroupEvent.class);
  private static final Serde<RoomUpdates> ROOM_UPDATES = new JsonSerde<>(RoomUpdates.class);

  private ProjectionTopology() {}

  /** Adds both stages to {@code builder}. */
  public static void build(
      StreamsBuilder builder, ChatTopics topics, ChatRules rules, ProjectionMetrics metrics) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PerChatProcessor.CHAT_STATE_STORE),
            Serdes.String(),
            new JsonSerde<>(ChatState.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PerChatProcessor.CHAT_MEMBERS_STORE),
            Serdes.String(),
            new JsonSerde<>(Member.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PerChatProcessor.MESSAGE_INDEX_STORE),
            Serdes.String(),
            new JsonSerde<>(IndexedMessage.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(UserStageProcessor.CHAT_UNREAD_STORE),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(UserStageProcessor.TOTAL_UNREAD_STORE),
            Serdes.String(),
            Serdes.Long()));

    KStream<String, PerChatOutput> perChat =
        builder.stream(
                topics.chatEvents(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("chat-events-source"))
            .process(
                () -> new PerChatProcessor(rules, metrics),
                Named.as("per-chat"),
                PerChatProcessor.CHAT_STATE_STORE,
                PerChatProcessor.CHAT_MEMBERS_STORE,
                PerChatProcessor.MESSAGE_INDEX_STORE);

    Map<String, KStream<String, PerChatOutput>> branches =
        perChat
            .split(Named.as("per-chat-"))
            .branch((k, v) -> v instanceof DeadLetter, Branched.as("dead-letter"))
            .branch((k, v) -> v instanceof ToUser, Branched.as("fan-out"))
            .branch((k, v) -> v instanceof ToGroup, Branched.as("group"))
            .branch((k, v) -> v instanceof ToRooms, Branched.as("rooms"))
            .defaultBranch(Branched.as("sequenced"));

    branches
        .get("per-chat-dead-letter")
        .mapValues(v -> ((DeadLetter) v).value(), Named.as("dead-letter-bytes"))
        .to(
            topics.deadLetter(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-sink"));

    branches
        .get("per-chat-sequenced")
        .mapValues(v -> ((Sequenced) v).event(), Named.as("sequenced-values"))
        .to(
            topics.chatSequenced(),
            Produced.with(Serdes.String(), SEQUENCED).withName("chat-sequenced-sink"));

    branches
        .get("per-chat-rooms")
        .mapValues(v -> ((ToRooms) v).updates(), Named.as("room-updates-values"))
        .to(
            topics.roomUpdates(),
            Produced.with(Serdes.String(), ROOM_UPDATES).withName("room-updates-sink"));

    branches
        .get("per-chat-group")
        .mapValues(v -> ((ToGroup) v).event(), Named.as("group-values"))
        .to(
            topics.groupEvents(),
            Produced.with(Serdes.String(), GROUP_EVENT).withName("group-events-sink"));

    branches
        .get("per-chat-fan-out")
        .mapValues(v -> ((ToUser) v).item(), Named.as("fan-out"))
        .repartition(Repartitioned.with(Serdes.String(), FANOUT_ITEM).withName(FANOUT_REPARTITION))
        .process(
            () -> new UserStageProcessor(metrics),
            Named.as("user-stage"),
            UserStageProcessor.CHAT_UNREAD_STORE,
            UserStageProcessor.TOTAL_UNREAD_STORE)
        .to(
            topics.userEvents(),
            Produced.with(Serdes.String(), USER_EVENT).withName("user-events-sink"));
  }

  /**
   * The Streams settings: exactly_once_v2, and the given application id and bootstrap servers.
   * {@code overrides} (any StreamsConfig, consumer or producer key) win.
   */
  public static Properties streamsConfig(
      String applicationId, String bootstrapServers, Map<String, ?> overrides) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.putAll(overrides);
    return p;
  }
}

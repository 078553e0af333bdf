package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.projection.DeadLetterHeaders;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.projection.ProjectionMetrics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-chat stage: decodes each chat event (undecodable input becomes a dead letter and
 * processing goes on), applies {@link ChatRules} against the chat's state and message index, stores
 * the result and forwards exactly one {@link SequencedEvent} per decodable input.
 */
public final class PerChatProcessor implements Processor<String, byte[], String, PerChatOutput> {
  /** Name of the store of chat states, key chat_id. */
  public static final String CHAT_STATE_STORE = "chat-state";

  /** Name of the message index, key chat_id/message_id. */
  public static final String MESSAGE_INDEX_STORE = "message-index";

  /** The stage name in dead-letter headers and metrics. */
  public static final String STAGE = "projection.per-chat";

  private final ChatRules rules;
  private final ProjectionMetrics metrics;
  private ProcessorContext<String, PerChatOutput> context;
  private KeyValueStore<String, ChatState> chats;
  private KeyValueStore<String, IndexedMessage> index;

  /** A processor applying {@code rules}. */
  public PerChatProcessor(ChatRules rules, ProjectionMetrics metrics) {
    this.rules = rules;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, PerChatOutput> context) {
    this.context = context;
    this.chats = context.getStateStore(CHAT_STATE_STORE);
    this.index = context.getStateStore(MESSAGE_INDEX_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    SourcePosition source = source(record.timestamp());
    ChatEvent event;
    try {
      event = ChatEventCodec.decode(record.value());
      if (record.key() != null && !record.key().equals(event.chatId().value())) {
        throw new IllegalArgumentException("record key does not match chat_id");
      }
    } catch (RuntimeException e) {
      metrics.stageEvent("per-chat", "dead_letter");
      var headers =
          DeadLetterHeaders.of(
              record.headers(),
              STAGE,
              e.getMessage(),
              source.topic(),
              source.partition(),
              source.offset());
      context.forward(
          record.withValue(new PerChatOutput(null, record.value())).withHeaders(headers));
      return;
    }
    String chatId = event.chatId().value();
    ChatState state = chats.get(chatId);
    Decision d = rules.apply(state, id -> index.get(indexKey(chatId, id)), event);
    if (d.state() != null && d.state() != state) {
      chats.put(chatId, d.state());
    }
    if (d.indexed() != null) {
      index.put(indexKey(chatId, d.indexedId()), d.indexed());
    }
    SequencedEvent out =
        new SequencedEvent(
            event.chatId(),
            d.outcome(),
            d.reason(),
            d.seq(),
            d.state() == null ? 0 : d.state().lastSeq(),
            event,
            d.state() == null ? null : d.state().view(),
            d.message(),
            d.members(),
            d.notified(),
            source);
    metrics.stageEvent("per-chat", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
    context.forward(
        record
            .withKey(chatId)
            .withValue(new PerChatOutput(out, null))
            .withHeaders(new RecordHeaders()));
  }

  private SourcePosition source(long timestamp) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return meta == null
        ? new SourcePosition("unknown", -1, -1, timestamp)
        : new SourcePosition(meta.topic(), meta.partition(), meta.offset(), timestamp);
  }

  private static String indexKey(String chatId, MessageId id) {
    return chatId + "/" + id.value();
  }
}

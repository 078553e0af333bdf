package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.projection.DeadLetterHeaders;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.fanout.FanOut;
import io.chatcqrs.projection.fanout.FanoutItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-chat stage: decodes each chat event (undecodable input becomes a dead letter and
 * processing goes on), applies {@link ChatRules} against the chat's state, members and message
 * index, stores the result and forwards exactly one {@link SequencedEvent} per decodable input and
 * exactly one {@link RoomUpdates} (every room the event changed, the same rooms the fan-out's items
 * carry; empty when none changed), then the fan-out's items keyed by user and, for a chat fanning
 * out on read, its one {@link io.chatcqrs.events.projection.GroupEvent}. Its stores: {@code
 * chat-state-v2} (key chat_id), {@code chat-members} (key chat_id/user_id) and {@code
 * message-index} (key chat_id/message_id); a message writes one entry of each whatever the chat's
 * size.
 */
public final class PerChatProcessor implements Processor<String, byte[], String, PerChatOutput> {
  /** Name of the store of chat states ({@link ChatState}), key chat_id. */
  public static final String CHAT_STATE_STORE = "chat-state-v2";

  /** Name of the store of members ({@link Member}), key chat_id/user_id. */
  public static final String CHAT_MEMBERS_STORE = "chat-members";

  /** Name of the message index, key chat_id/message_id. */
  public static final String MESSAGE_INDEX_STORE = "message-index";

  /** The stage name in dead-letter headers and metrics. */
  public static final String STAGE = "projection.per-chat";

  private final ChatRules rules;
  private final ProjectionMetrics metrics;
  private ProcessorContext<String, PerChatOutput> context;
  private KeyValueStore<String, ChatState> chats;
  private KeyValueStore<String, Member> members;
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
    this.members = context.getStateStore(CHAT_MEMBERS_STORE);
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
          record.withValue(new PerChatOutput.DeadLetter(record.value())).withHeaders(headers));
      return;
    }
    String chatId = event.chatId().value();
    ChatState state = chats.get(chatId);
    Decision d =
        rules.apply(state, new StoredMembers(chatId), id -> index.get(indexKey(chatId, id)), event);
    if (d.state() != null && d.state() != state) {
      chats.put(chatId, d.state());
    }
    for (MemberView m : d.concerned()) {
      String key = memberKey(chatId, m.userId().value());
      if (m.removed()) {
        members.delete(key);
      } else {
        members.put(key, new Member(m.lastReadSeq(), m.joinedAt()));
      }
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
            d.concerned(),
            List.of(),
            source);
    metrics.stageEvent("per-chat", d.outcome().name().toLowerCase(Locale.ROOT));
    Record<String, PerChatOutput> base =
        record.withKey(chatId).withValue((PerChatOutput) null).withHeaders(new RecordHeaders());
    context.forward(base.withValue(new PerChatOutput.Sequenced(out)));
    context.forward(base.withValue(new PerChatOutput.ToRooms(roomUpdates(out, d.rooms()))));
    for (KeyValue<String, FanoutItem> item : FanOut.toUsers(out, d.rooms(), d.notified())) {
      context.forward(base.withKey(item.key).withValue(new PerChatOutput.ToUser(item.value)));
    }
    FanOut.toGroup(out)
        .ifPresent(g -> context.forward(base.withValue(new PerChatOutput.ToGroup(g))));
  }

  /** The rooms of {@code rooms} in {@code s}'s chat, as {@link FanOut} puts them on user events. */
  static RoomUpdates roomUpdates(SequencedEvent s, List<MemberView> rooms) {
    List<RoomUpdates.UserRoom> changed = new ArrayList<>(rooms.size());
    if (s.chat() != null) {
      for (MemberView m : rooms) {
        changed.add(new RoomUpdates.UserRoom(m.userId(), RoomView.of(s.chat(), m, s.source())));
      }
    }
    return new RoomUpdates(s.chatId(), s.source(), changed);
  }

  private SourcePosition source(long timestamp) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return meta == null
        ? new SourcePosition("unknown", -1, -1, timestamp)
        : new SourcePosition(meta.topic(), meta.partition(), meta.offset(), timestamp);
  }

  private static String memberKey(String chatId, String userId) {
    return chatId + "/" + userId;
  }

  /** The chat's members in the {@code chat-members} store, walked with a prefix scan. */
  private final class StoredMembers implements ChatMembers {
    private final String chatId;

    StoredMembers(String chatId) {
      this.chatId = chatId;
    }

    @Override
    public Member get(UserId user) {
      return members.get(memberKey(chatId, user.value()));
    }

    @Override
    public void forEach(BiConsumer<UserId, Member> action) {
      String prefix = chatId + "/";
      try (KeyValueIterator<String, Member> it =
          members.prefixScan(prefix, new StringSerializer())) {
        while (it.hasNext()) {
          KeyValue<String, Member> kv = it.next();
          action.accept(UserId.of(kv.key.substring(prefix.length())), kv.value);
        }
      }
    }
  }

  private static String indexKey(String chatId, MessageId id) {
    return chatId + "/" + id.value();
  }
}

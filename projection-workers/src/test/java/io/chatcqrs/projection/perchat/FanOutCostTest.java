package io.chatcqrs.projection.perchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.fanout.FanOut;
import io.chatcqrs.projection.fanout.FanoutItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Measures the CPU cost of fan-out on write for a 1000-member group: per message, everything the
 * two stages do besides Kafka I/O (decode the event, load and store the 1000-member chat state,
 * decide, encode the sequenced record, fan out 1000 items through the repartition serde, update the
 * unread totals, encode 1000 user events). Prints the figures quoted in docs/projection.md.
 * (TopologyTestDriver is not used here: it commits, and so flushes RocksDB, after every record.)
 */
class FanOutCostTest {
  private static final int MEMBERS = 1000;
  private static final int MESSAGES = 300;

  @Test
  void should_fan_each_message_out_to_all_1000_members_and_report_the_cost() {
    Serde<ChatState> stateSerde = new JsonSerde<>(ChatState.class);
    Serde<SequencedEvent> sequencedSerde = new JsonSerde<>(SequencedEvent.class);
    Serde<FanoutItem> itemSerde = new JsonSerde<>(FanoutItem.class);
    Serde<UserEvent> userEventSerde = new JsonSerde<>(UserEvent.class);
    ChatRules rules = new ChatRules(MEMBERS);
    Workload w = new Workload();
    List<String> others = new ArrayList<>();
    for (int i = 1; i < MEMBERS; i++) {
      others.add("m" + i);
    }
    Map<String, IndexedMessage> index = new HashMap<>();
    Decision created =
        rules.apply(null, id -> null, w.group("big", "m0", others.toArray(String[]::new)));
    byte[] state = stateSerde.serializer().serialize("s", created.state());
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      events.add(ChatEventCodec.encode(w.send("big", "m" + (i % MEMBERS), "c" + i)));
    }
    Map<String, Long> unread = new HashMap<>();
    long userEvents = 0;
    int sequencedBytes = 0;

    long start = System.nanoTime();
    for (int i = 0; i < MESSAGES; i++) {
      ChatEvent event = ChatEventCodec.decode(events.get(i));
      ChatState before = stateSerde.deserializer().deserialize("s", state);
      Decision d = rules.apply(before, id -> index.get(id.value()), event);
      index.put(d.indexedId().value(), d.indexed());
      state = stateSerde.serializer().serialize("s", d.state());
      SequencedEvent s =
          new SequencedEvent(
              event.chatId(),
              d.outcome(),
              d.reason(),
              d.seq(),
              d.state().lastSeq(),
              event,
              d.state().view(),
              d.message(),
              d.members(),
              d.notified(),
              new SourcePosition("t", 0, i, 0));
      byte[] sequenced = sequencedSerde.serializer().serialize("t", s);
      sequencedBytes = sequenced.length;
      for (KeyValue<String, FanoutItem> kv : FanOut.toUsers(s)) {
        byte[] wire = itemSerde.serializer().serialize("r", kv.value);
        FanoutItem item = itemSerde.deserializer().deserialize("r", wire);
        unread.put(kv.key + "/big", item.member().unreadCount());
        userEventSerde.serializer().serialize("u", item.event().withUnread(1, 1L));
        userEvents++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(userEvents).isEqualTo((long) MESSAGES * MEMBERS);
    assertThat(unread.get("m0/big")).isEqualTo(MESSAGES - 1L);
    System.out.printf(
        "fan-out cost (CPU, one thread): %d messages x %d members = %d user events in %.2f s:"
            + " %.0f user events/s, %.1f messages/s, %.2f ms per message;"
            + " one sequenced record = %d KiB%n",
        MESSAGES,
        MEMBERS,
        userEvents,
        seconds,
        userEvents / seconds,
        MESSAGES / seconds,
        seconds * 1000 / MESSAGES,
        sequencedBytes / 1024);
  }
}

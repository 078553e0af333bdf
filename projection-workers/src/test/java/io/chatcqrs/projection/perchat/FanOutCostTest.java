package io.chatcqrs.projection.perchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.ChatEventCodec;
import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.MemberView;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Measures the CPU cost per message of the two stages besides Kafka I/O (decode the event, load and
 * store the chat state and the sender's member entry, decide, encode the sequenced record, fan out
 * through the repartition serde, update the unread totals, encode the user and group events), for
 * fan-out on write in a 1000-member group and fan-out on read in a 100,000-member group. Prints the
 * figures quoted in docs/projection.md and docs/large-groups.md. (TopologyTestDriver is not used
 * here: it commits, and so flushes RocksDB, after every record.)
 */
class FanOutCostTest {
  private static final int MESSAGES = 300;

  private final Serde<ChatState> stateSerde = new JsonSerde<>(ChatState.class);
  private final Serde<Member> memberSerde = new JsonSerde<>(Member.class);
  private final Serde<SequencedEvent> sequencedSerde = new JsonSerde<>(SequencedEvent.class);
  private final Serde<FanoutItem> itemSerde = new JsonSerde<>(FanoutItem.class);
  private final Serde<UserEvent> userEventSerde = new JsonSerde<>(UserEvent.class);
  private final Serde<GroupEvent> groupEventSerde = new JsonSerde<>(GroupEvent.class);

  /** What one run cost. */
  private record Cost(
      long userEvents, long groupEvents, int sequencedBytes, double seconds, long senderUnread) {}

  @Test
  void should_fan_each_message_out_to_all_1000_members_on_write_and_report_the_cost() {
    int members = 1000;
    Cost cost = run(members, new ChatRules(members, members));
    assertThat(cost.userEvents()).isEqualTo((long) MESSAGES * members);
    assertThat(cost.groupEvents()).isZero();
    assertThat(cost.senderUnread()).isEqualTo(MESSAGES - 1L);
    print("fan-out on write", members, cost);
  }

  @Test
  void should_cost_one_user_event_and_one_group_event_per_message_on_read_at_100000_members() {
    int members = 100_000;
    Cost cost = run(members, new ChatRules(members, ChatRules.DEFAULT_FANOUT_READ_THRESHOLD));
    assertThat(cost.userEvents()).isEqualTo(MESSAGES);
    assertThat(cost.groupEvents()).isEqualTo(MESSAGES);
    assertThat(cost.sequencedBytes()).isLessThan(2048);
    print("fan-out on read", members, cost);
  }

  private Cost run(int size, ChatRules rules) {
    Workload w = new Workload();
    List<String> others = new ArrayList<>();
    for (int i = 1; i < size; i++) {
      others.add("m" + i);
    }
    TreeMap<String, byte[]> memberStore = new TreeMap<>();
    ChatMembers members =
        new ChatMembers() {
          @Override
          public Member get(UserId user) {
            byte[] bytes = memberStore.get(user.value());
            return bytes == null ? null : memberSerde.deserializer().deserialize("m", bytes);
          }

          @Override
          public void forEach(BiConsumer<UserId, Member> action) {
            memberStore.forEach(
                (u, b) ->
                    action.accept(UserId.of(u), memberSerde.deserializer().deserialize("m", b)));
          }
        };
    Map<String, IndexedMessage> index = new HashMap<>();
    Decision created =
        rules.apply(null, members, id -> null, w.group("big", "m0", others.toArray(String[]::new)));
    store(memberStore, created);
    byte[] state = stateSerde.serializer().serialize("s", created.state());
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      events.add(ChatEventCodec.encode(w.send("big", "m" + (i % size), "c" + i)));
    }
    Map<String, Long> unread = new HashMap<>();
    long userEvents = 0;
    long groupEvents = 0;
    int sequencedBytes = 0;

    long start = System.nanoTime();
    for (int i = 0; i < MESSAGES; i++) {
      ChatEvent event = ChatEventCodec.decode(events.get(i));
      ChatState before = stateSerde.deserializer().deserialize("s", state);
      Decision d = rules.apply(before, members, id -> index.get(id.value()), event);
      index.put(d.indexedId().value(), d.indexed());
      state = stateSerde.serializer().serialize("s", d.state());
      store(memberStore, d);
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
              d.concerned(),
              List.of(),
              new SourcePosition("t", 0, i, 0));
      byte[] sequenced = sequencedSerde.serializer().serialize("t", s);
      sequencedBytes = sequenced.length;
      for (KeyValue<String, FanoutItem> kv : FanOut.toUsers(s, d.rooms(), d.notified())) {
        byte[] wire = itemSerde.serializer().serialize("r", kv.value);
        FanoutItem item = itemSerde.deserializer().deserialize("r", wire);
        unread.put(kv.key + "/big", item.event().room().unreadCount());
        userEventSerde.serializer().serialize("u", item.event().withUnread(1, 1L));
        userEvents++;
      }
      Optional<GroupEvent> group = FanOut.toGroup(s);
      if (group.isPresent()) {
        groupEventSerde.serializer().serialize("g", group.get());
        groupEvents++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Cost(
        userEvents, groupEvents, sequencedBytes, seconds, unread.getOrDefault("m0/big", -1L));
  }

  private void store(TreeMap<String, byte[]> memberStore, Decision d) {
    for (MemberView m : d.concerned()) {
      memberStore.put(
          m.userId().value(),
          memberSerde.serializer().serialize("m", new Member(m.lastReadSeq(), m.joinedAt())));
    }
  }

  private static void print(String mode, int members, Cost c) {
    System.out.printf(
        "%s cost (CPU, one thread): %d messages x %d members = %d user events + %d group events"
            + " in %.2f s: %.1f messages/s, %.3f ms per message; one sequenced record = %d bytes%n",
        mode,
        MESSAGES,
        members,
        c.userEvents(),
        c.groupEvents(),
        c.seconds(),
        MESSAGES / c.seconds(),
        c.seconds() * 1000 / MESSAGES,
        c.sequencedBytes());
  }
}

package io.chatcqrs.projection.perchat;

import static io.chatcqrs.projection.Workload.messageId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.projection.TopologyHarness;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.fanout.UserStageProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Fan-out on read (docs/large-groups.md) through the whole topology: what a message, a join, a
 * leave, a read and an edit cost and emit in a group above the threshold, and the one-time switch
 * of a group growing past it.
 */
class LargeGroupStageTest {
  private static final List<String> STORES =
      List.of(
          PerChatProcessor.CHAT_STATE_STORE,
          PerChatProcessor.CHAT_MEMBERS_STORE,
          PerChatProcessor.MESSAGE_INDEX_STORE,
          UserStageProcessor.CHAT_UNREAD_STORE,
          UserStageProcessor.TOTAL_UNREAD_STORE);

  private static String[] others(int count) {
    return IntStream.range(1, count).mapToObj(i -> "u" + i).toArray(String[]::new);
  }

  /** The bytes on chat.sequenced.v1 of one send in a fresh group of {@code members}. */
  private static byte[] sequencedSendBytes(int members, int threshold) {
    try (TopologyHarness h = new TopologyHarness(100_000, threshold)) {
      Workload w = new Workload();
      h.pipe(w.group("chat", "u0", others(members)));
      h.sequenced.readRecordsToList();
      h.drainUserEvents();
      TestOutputTopic<String, byte[]> raw =
          h.driver.createOutputTopic(
              ChatTopics.standard().chatSequenced(),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      h.pipe(w.send("chat", "u0", "c1"));
      byte[] bytes = raw.readValue();
      assertThat(raw.isEmpty()).isTrue();
      SequencedEvent s =
          new JsonSerde<>(SequencedEvent.class).deserializer().deserialize("t", bytes);
      assertThat(s.chat().memberCount()).isEqualTo(members);
      assertThat(s.members()).extracting(m -> m.userId().value()).containsExactly("u0");
      return bytes;
    }
  }

  @Test
  void should_keep_the_sequenced_record_of_a_send_the_same_size_for_10_and_10000_members() {
    // Fan-out on read: only the digits of member_count differ ("10" / "10000").
    byte[] readSmall = sequencedSendBytes(10, 5);
    byte[] readLarge = sequencedSendBytes(10_000, 5);
    assertThat(readLarge.length)
        .isEqualTo(readSmall.length + "10000".length() - "10".length())
        .isLessThan(2048);
    // Fan-out on write no longer lists the members either ("10" / "100", the default threshold).
    byte[] writeSmall = sequencedSendBytes(10, ChatRules.DEFAULT_FANOUT_READ_THRESHOLD);
    byte[] writeLarge = sequencedSendBytes(100, ChatRules.DEFAULT_FANOUT_READ_THRESHOLD);
    assertThat(writeLarge.length).isEqualTo(writeSmall.length + 1).isLessThan(2048);
  }

  @Test
  void should_send_one_user_event_to_the_sender_and_one_group_event_per_message() {
    TopologyHarness h = new TopologyHarness(100_000, 100);
    try (h) {
      Workload w = new Workload();
      h.pipe(w.group("big", "u0", others(1000)));
      assertThat(h.drainUserEvents()).hasSize(1000);
      h.sequenced.readRecordsToList();
      h.pipe(w.send("big", "u7", "hello"));

      List<TestRecord<String, UserEvent>> users = h.drainUserEvents();
      assertThat(users).hasSize(1);
      UserEvent toSender = users.get(0).value();
      assertThat(users.get(0).key()).isEqualTo("u7");
      assertThat(toSender.kind()).isEqualTo("message");
      assertThat(toSender.unreadCount()).isZero();
      assertThat(toSender.totalUnread()).isZero();
      RoomView room = toSender.room();
      assertThat(room.fanOut()).isEqualTo(FanOutMode.READ);
      assertThat(room.lastReadSeq()).isEqualTo(1);
      assertThat(room.previousActivityAt()).isNull();

      List<TestRecord<String, GroupEvent>> groups = h.groupEvents.readRecordsToList();
      assertThat(groups).hasSize(1);
      GroupEvent g = groups.get(0).value();
      assertThat(groups.get(0).key()).isEqualTo("big");
      assertThat(g.kind()).isEqualTo("message");
      assertThat(g.senderId().value()).isEqualTo("u7");
      assertThat(g.lastSeq()).isEqualTo(1);
      assertThat(g.data().get("seq").asLong()).isEqualTo(1);
      assertThat(g.data().get("text").asText()).isEqualTo("text hello");
      assertThat(g.data().has("unread_count")).isFalse();

      SequencedEvent s = h.sequenced.readValue();
      assertThat(s.members()).extracting(m -> m.userId().value()).containsExactly("u7");
      assertThat(s.notified()).isEmpty();
      assertThat(s.chat().fanOut()).isEqualTo(FanOutMode.READ);
      assertThat(h.sequenced.isEmpty()).isTrue();
    }
  }

  @Test
  void should_write_the_same_few_store_entries_per_send_whatever_the_group_size() {
    Map<String, Integer> small = changelogWritesPerSend(10);
    Map<String, Integer> large = changelogWritesPerSend(1000);
    Map<String, Integer> perChat =
        Map.of(
            PerChatProcessor.CHAT_STATE_STORE, 1,
            PerChatProcessor.CHAT_MEMBERS_STORE, 1,
            PerChatProcessor.MESSAGE_INDEX_STORE, 1);
    assertThat(large).containsAllEntriesOf(perChat);
    assertThat(small).containsAllEntriesOf(perChat);
    // Fan-out on write (10 members): one unread count and one total per member; on read: none.
    assertThat(small)
        .containsEntry(UserStageProcessor.CHAT_UNREAD_STORE, 10)
        .containsEntry(UserStageProcessor.TOTAL_UNREAD_STORE, 10);
    assertThat(large)
        .containsEntry(UserStageProcessor.CHAT_UNREAD_STORE, 0)
        .containsEntry(UserStageProcessor.TOTAL_UNREAD_STORE, 0);
  }

  /** Changelog records per store for the third send (after two) in a fresh group. */
  private static Map<String, Integer> changelogWritesPerSend(int members) {
    try (TopologyHarness h = new TopologyHarness(100_000)) {
      Workload w = new Workload();
      h.pipe(w.group("chat", "u0", others(members)), w.send("chat", "u1", "a"));
      h.pipe(w.send("chat", "u2", "b"));
      STORES.forEach(h::drainChangelog);
      h.pipe(w.send("chat", "u3", "c"));
      return STORES.stream()
          .collect(Collectors.toMap(Function.identity(), st -> h.drainChangelog(st).size()));
    }
  }

  @Test
  void should_emit_constant_events_for_join_leave_read_and_edit_in_read_mode() {
    try (TopologyHarness h = new TopologyHarness(100_000, 3)) {
      Workload w = new Workload();
      h.pipe(w.group("big", "u0", others(5)), w.send("big", "u0", "first"));
      h.drainUserEvents();
      h.groupEvents.readRecordsToList();
      Instant joinedAt = w.now().plusMillis(1);
      h.pipe(
          w.join("big", "u0", "new"),
          w.read("big", "u1", 1),
          w.edit("big", "u0", messageId("big", "u0", "first"), "edited"),
          w.leave("big", "u2", "u2"));

      List<UserEvent> users = h.drainUserEvents().stream().map(TestRecord::value).toList();
      assertThat(users)
          .extracting(e -> e.userId().value(), UserEvent::kind)
          .containsExactly(tuple("new", "room"), tuple("u1", "read"), tuple("u2", "room"));
      assertThat(users).allSatisfy(e -> assertThat(e.room().fanOut()).isEqualTo(FanOutMode.READ));
      assertThat(users).allSatisfy(e -> assertThat(e.room().previousActivityAt()).isNull());
      RoomView joined = users.get(0).room();
      assertThat(joined.lastReadSeq()).isEqualTo(1);
      assertThat(joined.joinedAt()).isEqualTo(joinedAt);
      assertThat(joined.lastActivityAt()).isEqualTo(joinedAt);
      assertThat(users.get(1).room().unreadCount()).isZero();
      assertThat(users.get(2).room().removed()).isTrue();
      assertThat(users.get(2).unreadCount()).isNull();

      assertThat(h.groupEvents.readValuesToList())
          .extracting(GroupEvent::kind, g -> g.data().path("user_id").asText(null))
          .containsExactly(
              tuple("member_joined", "new"),
              tuple("message_edited", null),
              tuple("member_left", "u2"));
      KeyValueStore<String, Member> members =
          h.driver.getKeyValueStore(PerChatProcessor.CHAT_MEMBERS_STORE);
      assertThat(members.get("big/u2")).isNull();
      assertThat(members.get("big/new").lastReadSeq()).isEqualTo(1);
      KeyValueStore<String, ChatState> chats =
          h.driver.getKeyValueStore(PerChatProcessor.CHAT_STATE_STORE);
      assertThat(chats.get("big").memberCount()).isEqualTo(5);
      assertThat(chats.get("big").lastMessage().text()).isEqualTo("edited");
    }
  }

  @Test
  void should_switch_a_growing_group_to_read_mode_once_and_drop_it_from_the_totals() {
    try (TopologyHarness h = new TopologyHarness(100_000, 3)) {
      Workload w = new Workload();
      h.pipe(
          w.group("g", "alice", "bob", "carol"),
          w.send("g", "alice", "1"),
          w.send("g", "alice", "2"),
          w.group("small", "bob", "alice"),
          w.send("small", "alice", "x"));
      Map<String, Instant> activity =
          h.drainUserEvents().stream()
              .filter(r -> r.value().chatId().value().equals("g"))
              .collect(
                  Collectors.toMap(
                      TestRecord::key, r -> r.value().room().lastActivityAt(), (a, b) -> b));
      KeyValueStore<String, Long> totals =
          h.driver.getKeyValueStore(UserStageProcessor.TOTAL_UNREAD_STORE);
      KeyValueStore<String, Long> unread =
          h.driver.getKeyValueStore(UserStageProcessor.CHAT_UNREAD_STORE);
      assertThat(totals.get("bob")).isEqualTo(3);
      assertThat(unread.get("bob/g")).isEqualTo(2);
      h.sequenced.readRecordsToList();

      h.pipe(w.join("g", "alice", "dave"));

      SequencedEvent s = h.sequenced.readValue();
      assertThat(s.chat().fanOut()).isEqualTo(FanOutMode.READ);
      assertThat(s.members()).extracting(m -> m.userId().value()).containsExactly("dave");
      List<UserEvent> users = h.drainUserEvents().stream().map(TestRecord::value).toList();
      assertThat(users)
          .extracting(e -> e.userId().value(), UserEvent::kind)
          .containsExactly(
              tuple("dave", "room"),
              tuple("alice", "room"),
              tuple("bob", "room"),
              tuple("carol", "room"));
      assertThat(users).allSatisfy(e -> assertThat(e.room().fanOut()).isEqualTo(FanOutMode.READ));
      assertThat(users.get(0).room().previousActivityAt()).isNull();
      for (UserEvent e : users.subList(1, 4)) {
        assertThat(e.room().previousActivityAt()).isEqualTo(activity.get(e.userId().value()));
        assertThat(e.room().lastActivityAt()).isEqualTo(e.room().previousActivityAt());
      }
      UserEvent bob = users.get(2);
      assertThat(bob.room().unreadCount()).isEqualTo(2);
      assertThat(bob.unreadCount()).isEqualTo(2);
      assertThat(bob.totalUnread()).isEqualTo(1);
      assertThat(totals.get("bob")).isEqualTo(1);
      assertThat(unread.get("bob/g")).isNull();
      assertThat(unread.get("bob/small")).isEqualTo(1);
      assertThat(h.groupEvents.readValuesToList())
          .extracting(GroupEvent::kind)
          .containsExactly("member_joined");

      // Once: the next join and message reach only the joiner and the sender.
      h.pipe(w.join("g", "alice", "erin"), w.send("g", "bob", "3"), w.leave("g", "erin", "erin"));
      assertThat(h.drainUserEvents())
          .extracting(TestRecord::key, r -> r.value().kind())
          .containsExactly(tuple("erin", "room"), tuple("bob", "message"), tuple("erin", "room"));
      assertThat(totals.get("bob")).isEqualTo(1);
      assertThat(unread.get("bob/g")).isNull();
      KeyValueStore<String, ChatState> chats =
          h.driver.getKeyValueStore(PerChatProcessor.CHAT_STATE_STORE);
      assertThat(chats.get("g").memberCount()).isEqualTo(4);
      assertThat(chats.get("g").fanOut()).isEqualTo(FanOutMode.READ);
    }
  }

  @Test
  void
      should_start_a_group_created_above_the_threshold_in_read_mode_and_keep_direct_chats_in_write_mode() {
    try (TopologyHarness h = new TopologyHarness(100_000, 1)) {
      Workload w = new Workload();
      h.pipe(w.group("g", "a", "b"), w.direct("d", "a", "b"), w.send("d", "a", "x"));
      List<SequencedEvent> out = h.sequenced.readValuesToList();
      assertThat(out)
          .extracting(s -> s.chat().fanOut())
          .containsExactly(FanOutMode.READ, FanOutMode.WRITE, FanOutMode.WRITE);
      assertThat(h.drainUserEvents())
          .extracting(TestRecord::key, r -> r.value().kind(), r -> r.value().room().fanOut())
          .containsExactly(
              tuple("a", "room", FanOutMode.READ),
              tuple("b", "room", FanOutMode.READ),
              tuple("a", "room", FanOutMode.WRITE),
              tuple("b", "room", FanOutMode.WRITE),
              tuple("a", "message", FanOutMode.WRITE),
              tuple("b", "message", FanOutMode.WRITE));
      assertThat(h.groupEvents.isEmpty()).isTrue();
    }
  }
}

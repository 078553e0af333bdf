package io.chatcqrs.projection.perchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.TopologyHarness;
import io.chatcqrs.projection.Workload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * chat.room-updates.v1 through the whole topology: exactly one record per sequenced record, same
 * key and source, carrying every room the event changed (the rooms the user events carry), so that
 * the sink can write every member's room under the chat-rooms position.
 */
class RoomUpdatesStageTest {
  private static String[] others(int count) {
    return IntStream.range(1, count).mapToObj(i -> "u" + i).toArray(String[]::new);
  }

  @Test
  void should_emit_one_room_updates_record_per_sequenced_record_with_its_key_and_source() {
    try (TopologyHarness h = new TopologyHarness(1000, 3)) {
      Workload w = new Workload();
      h.pipe(
          w.group("g", "alice", "bob"),
          w.send("g", "alice", "1"),
          w.send("g", "alice", "1"), // duplicate
          w.send("g", "mallory", "2"), // rejected: not a member
          w.read("g", "bob", 1),
          w.join("g", "alice", "carol"),
          w.join("g", "alice", "dave"), // the switch
          w.send("g", "bob", "3"),
          w.leave("g", "carol", "carol"),
          w.direct("d", "alice", "bob"),
          w.send("d", "bob", "x"));
      h.input.pipeInput("g", "{not json".getBytes(StandardCharsets.UTF_8));

      List<TestRecord<String, SequencedEvent>> verdicts = h.sequenced.readRecordsToList();
      List<TestRecord<String, RoomUpdates>> updates = h.roomUpdates.readRecordsToList();

      assertThat(verdicts).hasSize(11);
      assertThat(updates).hasSameSizeAs(verdicts);
      for (int i = 0; i < verdicts.size(); i++) {
        SequencedEvent s = verdicts.get(i).value();
        RoomUpdates u = updates.get(i).value();
        assertThat(updates.get(i).key()).isEqualTo(verdicts.get(i).key());
        assertThat(u.chatId()).isEqualTo(s.chatId());
        assertThat(u.source()).isEqualTo(s.source());
        assertThat(u.rooms()).allSatisfy(r -> assertThat(r.room().source()).isEqualTo(s.source()));
        if (s.outcome() != SequencedEvent.Outcome.ACCEPTED) {
          assertThat(u.rooms()).as("verdict %d", i).isEmpty();
        } else {
          // the concerned members' rooms are always among the changed rooms
          assertThat(u.rooms())
              .extracting(RoomUpdates.UserRoom::userId)
              .as("verdict %d", i)
              .containsAll(s.members().stream().map(m -> m.userId()).toList());
        }
      }
      assertThat(h.deadLetters.readRecordsToList()).hasSize(1);
    }
  }

  @Test
  void should_carry_every_members_room_of_a_write_mode_send_as_the_user_events_do() {
    try (TopologyHarness h = new TopologyHarness(1000, 100)) {
      Workload w = new Workload();
      h.pipe(w.group("g", "u0", others(10)));
      h.roomUpdates.readRecordsToList();
      h.drainUserEvents();

      h.pipe(w.send("g", "u3", "c1"));

      RoomUpdates u = h.roomUpdates.readValue();
      assertThat(h.roomUpdates.isEmpty()).isTrue();
      assertThat(u.rooms()).hasSize(10);
      assertThat(u.rooms())
          .allSatisfy(r -> assertThat(r.room().fanOut()).isEqualTo(FanOutMode.WRITE));
      Map<String, RoomView> fromUserEvents =
          h.drainUserEvents().stream()
              .map(TestRecord::value)
              .collect(Collectors.toMap(e -> e.userId().value(), UserEvent::room));
      Map<String, RoomView> fromUpdates =
          u.rooms().stream().collect(Collectors.toMap(r -> r.userId().value(), r -> r.room()));
      assertThat(fromUpdates).isEqualTo(fromUserEvents);
      assertThat(fromUpdates.get("u3").unreadCount()).isZero();
      assertThat(fromUpdates.get("u7").unreadCount()).isEqualTo(1);
      assertThat(fromUpdates.get("u7").lastSeq()).isEqualTo(1);
    }
  }

  @Test
  void should_carry_only_the_senders_room_of_a_read_mode_send() {
    try (TopologyHarness h = new TopologyHarness(1000, 5)) {
      Workload w = new Workload();
      h.pipe(w.group("g", "u0", others(10)));
      assertThat(h.roomUpdates.readValue().rooms()).hasSize(10); // the create: every joiner

      h.pipe(w.send("g", "u3", "c1"));

      RoomUpdates u = h.roomUpdates.readValue();
      assertThat(u.rooms()).extracting(r -> r.userId().value()).containsExactly("u3");
      RoomView room = u.rooms().get(0).room();
      assertThat(room.fanOut()).isEqualTo(FanOutMode.READ);
      assertThat(room.lastReadSeq()).isEqualTo(1);
      assertThat(room.previousActivityAt()).isNull();
    }
  }

  @Test
  void should_carry_every_existing_member_on_the_switch_and_only_the_joiner_afterwards() {
    try (TopologyHarness h = new TopologyHarness(1000, 3)) {
      Workload w = new Workload();
      h.pipe(w.group("g", "alice", "bob", "carol"), w.send("g", "alice", "1"));
      h.roomUpdates.readRecordsToList();

      h.pipe(w.join("g", "alice", "dave"));

      RoomUpdates u = h.roomUpdates.readValue();
      assertThat(u.rooms())
          .extracting(r -> r.userId().value())
          .containsExactlyInAnyOrder("alice", "bob", "carol", "dave");
      assertThat(u.rooms())
          .allSatisfy(r -> assertThat(r.room().fanOut()).isEqualTo(FanOutMode.READ));
      assertThat(u.rooms())
          .filteredOn(r -> !r.userId().value().equals("dave"))
          .allSatisfy(r -> assertThat(r.room().previousActivityAt()).isNotNull());

      h.pipe(w.join("g", "alice", "erin"));

      assertThat(h.roomUpdates.readValue().rooms())
          .extracting(r -> r.userId().value())
          .containsExactly("erin");
    }
  }
}

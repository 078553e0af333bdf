package io.chatcqrs.projection.perchat;

import static io.chatcqrs.projection.Workload.messageId;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.projection.DeadLetterHeaders;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.Reasons;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.projection.TopologyHarness;
import io.chatcqrs.projection.Workload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerChatStageTest {
  private final TopologyHarness h = new TopologyHarness(3);
  private final Workload w = new Workload();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void should_assign_contiguous_seq_per_chat_and_emit_one_verdict_per_event() {
    h.pipe(w.group("g1", "alice", "bob"), w.group("g2", "carol"));
    h.sequenced.readValuesToList();
    for (int i = 0; i < 5; i++) {
      h.pipe(w.send("g1", i % 2 == 0 ? "alice" : "bob", "m" + i), w.send("g2", "carol", "m" + i));
    }
    List<SequencedEvent> out = h.sequenced.readValuesToList();
    assertThat(out).hasSize(10).allMatch(s -> s.outcome() == Outcome.ACCEPTED);
    assertThat(out.stream().filter(s -> s.chatId().value().equals("g1")).map(SequencedEvent::seq))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(out.stream().filter(s -> s.chatId().value().equals("g2")).map(SequencedEvent::seq))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    SequencedEvent last = out.get(8);
    assertThat(last.lastSeq()).isEqualTo(5);
    assertThat(last.chat().lastMessage().seq()).isEqualTo(5);
    assertThat(last.source().topic()).isEqualTo("chat.events.v1");
    assertThat(last.source().offset()).isEqualTo(10);
  }

  @Test
  void should_drop_duplicate_message_id_without_a_seq_of_its_own() {
    List<SequencedEvent> out =
        h.verdicts(
            w.group("g", "alice", "bob"),
            w.send("g", "alice", "same"),
            w.send("g", "alice", "same"),
            w.send("g", "bob", "other"));
    assertThat(out)
        .extracting(SequencedEvent::outcome)
        .containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.DUPLICATE, Outcome.ACCEPTED);
    assertThat(out.get(2).reason()).isEqualTo(Reasons.DUPLICATE_MESSAGE);
    assertThat(out.get(2).seq()).isEqualTo(1L);
    assertThat(out.get(3).seq()).isEqualTo(2L);
  }

  @Test
  void should_move_sender_marker_and_count_unread_for_others() {
    List<SequencedEvent> out =
        h.verdicts(
            w.group("g", "alice", "bob", "carol"),
            w.send("g", "alice", "a1"),
            w.send("g", "alice", "a2"));
    SequencedEvent second = out.get(2);
    assertThat(second.members())
        .extracting(m -> m.userId().value(), MemberView::lastReadSeq, MemberView::unreadCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 2L, 0L));
    assertThat(second.notified()).isEmpty();
    List<RoomView> rooms =
        h.drainUserEvents().stream()
            .map(r -> r.value().room())
            .filter(r -> r.lastSeq() == 2)
            .toList();
    assertThat(rooms)
        .extracting(RoomView::lastReadSeq, RoomView::unreadCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, 0L),
            org.assertj.core.groups.Tuple.tuple(0L, 2L),
            org.assertj.core.groups.Tuple.tuple(0L, 2L));
    assertThat(rooms.get(1).previousActivityAt()).isBefore(rooms.get(1).lastActivityAt());
    assertThat(rooms.get(0).lastActivityAt()).isEqualTo(second.event().occurredAt());
  }

  @Test
  void should_reject_non_members_for_every_kind_of_event() {
    MessageId m1 = messageId("g", "alice", "a1");
    List<SequencedEvent> out =
        h.verdicts(
            w.group("g", "alice", "bob"),
            w.send("g", "alice", "a1"),
            w.send("g", "mallory", "x"),
            w.edit("g", "mallory", m1, "hacked"),
            w.delete("g", "mallory", m1),
            w.read("g", "mallory", 1),
            w.join("g", "mallory", "eve"),
            w.leave("g", "mallory", "bob"),
            w.send("nochat", "alice", "y"));
    assertThat(out.subList(2, 8))
        .allSatisfy(
            s -> {
              assertThat(s.outcome()).isEqualTo(Outcome.REJECTED);
              assertThat(s.reason()).isEqualTo(Reasons.NOT_MEMBER);
              assertThat(s.members()).isEmpty();
              assertThat(s.lastSeq()).isEqualTo(1);
            });
    assertThat(out.get(8).reason()).isEqualTo(Reasons.UNKNOWN_CHAT);
    assertThat(out.get(8).chat()).isNull();
  }

  @Test
  void should_enforce_authorship_and_reject_edits_of_deleted_or_unknown_messages() {
    MessageId m1 = messageId("g", "alice", "a1");
    List<SequencedEvent> out =
        h.verdicts(
            w.group("g", "alice", "bob"),
            w.send("g", "alice", "a1"),
            w.edit("g", "bob", m1, "not mine"),
            w.delete("g", "bob", m1),
            w.edit("g", "alice", messageId("g", "alice", "nope"), "x"),
            w.edit("g", "alice", m1, "fixed"),
            w.delete("g", "alice", m1),
            w.edit("g", "alice", m1, "too late"),
            w.delete("g", "alice", m1));
    assertThat(out.subList(2, 9))
        .extracting(SequencedEvent::outcome, SequencedEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.NOT_SENDER),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.NOT_SENDER),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.UNKNOWN_MESSAGE),
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.MESSAGE_DELETED),
            org.assertj.core.groups.Tuple.tuple(Outcome.DUPLICATE, Reasons.ALREADY_DELETED));
    assertThat(out.get(5).message().text()).isEqualTo("fixed");
    assertThat(out.get(5).message().editedAt()).isNotNull();
    assertThat(out.get(6).message().deleted()).isTrue();
    assertThat(out.get(6).message().text()).isNull();
    assertThat(out.get(6).chat().lastMessage().deleted()).isTrue();
    assertThat(out.get(6).seq()).isEqualTo(1L);
  }

  @Test
  void should_move_markers_forward_only_clamped_and_start_joiners_at_last_seq() {
    List<SequencedEvent> out =
        h.verdicts(
            w.group("g", "alice", "bob"),
            w.send("g", "alice", "a1"),
            w.send("g", "alice", "a2"),
            w.read("g", "bob", 99),
            w.read("g", "bob", 1),
            w.join("g", "alice", "carol"),
            w.leave("g", "bob", "bob"),
            w.send("g", "bob", "after-leaving"));
    assertThat(out.get(3).seq()).isEqualTo(2L);
    assertThat(out.get(3).members().get(0).unreadCount()).isZero();
    assertThat(out.get(4).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(out.get(4).reason()).isEqualTo(Reasons.MARKER_NOT_ADVANCED);
    MemberView carol = out.get(5).members().get(0);
    assertThat(carol.lastReadSeq()).isEqualTo(2);
    assertThat(carol.unreadCount()).isZero();
    assertThat(carol.previousActivityAt()).isNull();
    assertThat(out.get(5).notified()).isEmpty();
    assertThat(out.get(5).members()).extracting(m -> m.userId().value()).containsExactly("carol");
    assertThat(
            h.drainUserEvents().stream()
                .filter(r -> r.value().kind().equals("member_joined"))
                .map(r -> r.key()))
        .containsExactly("alice", "bob");
    assertThat(out.get(6).members().get(0).removed()).isTrue();
    assertThat(out.get(6).chat().memberCount()).isEqualTo(2);
    assertThat(out.get(7).reason()).isEqualTo(Reasons.NOT_MEMBER);
  }

  @Test
  void should_keep_direct_chats_to_two_members_and_dedupe_their_creation() {
    List<SequencedEvent> out =
        h.verdicts(
            w.direct("d", "alice", "bob"),
            w.direct("d", "bob", "alice"),
            w.join("d", "alice", "carol"),
            w.leave("d", "alice", "bob"),
            w.leave("d", "bob", "bob"),
            w.direct("d", "bob", "alice"),
            w.direct("d2", "alice", "alice"));
    assertThat(out)
        .extracting(SequencedEvent::outcome, SequencedEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.DUPLICATE, Reasons.CHAT_EXISTS),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.DIRECT_CHAT),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.DIRECT_CHAT),
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.INVALID_MEMBERS));
    assertThat(out.get(5).members()).extracting(m -> m.userId().value()).containsExactly("bob");
    assertThat(out.get(5).chat().memberCount()).isEqualTo(2);
  }

  @Test
  void should_cap_group_size_at_the_configured_maximum() {
    List<SequencedEvent> out =
        h.verdicts(
            w.group("g", "a", "b"),
            w.join("g", "a", "c"),
            w.join("g", "a", "d"),
            w.join("g", "a", "c"),
            w.group("big", "a", "b", "c", "d"));
    assertThat(out)
        .extracting(SequencedEvent::outcome, SequencedEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.ACCEPTED, null),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.CHAT_FULL),
            org.assertj.core.groups.Tuple.tuple(Outcome.DUPLICATE, Reasons.ALREADY_MEMBER),
            org.assertj.core.groups.Tuple.tuple(Outcome.REJECTED, Reasons.INVALID_MEMBERS));
  }

  @Test
  void should_send_poison_to_the_dead_letter_topic_and_keep_processing() {
    h.pipe(w.group("g", "alice", "bob"));
    h.input.pipeInput("g", "{not json".getBytes(StandardCharsets.UTF_8));
    h.input.pipeInput("g", "{\"event_type\":\"Nope\"}".getBytes(StandardCharsets.UTF_8));
    h.pipe(w.send("g", "alice", "a1"));

    var dead = h.deadLetters.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.REASON))
        .contains("undecodable");
    assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo("chat.events.v1");
    assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo("2");
    List<SequencedEvent> out = h.sequenced.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).seq()).isEqualTo(1L);
    assertThat(out.get(1).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void should_keep_state_in_named_stores() {
    h.pipe(w.group("g", "alice", "bob"));
    IntStream.range(0, 3).forEach(i -> h.pipe(w.send("g", "bob", "b" + i)));
    KeyValueStore<String, ChatState> chats =
        h.driver.getKeyValueStore(PerChatProcessor.CHAT_STATE_STORE);
    KeyValueStore<String, Member> members =
        h.driver.getKeyValueStore(PerChatProcessor.CHAT_MEMBERS_STORE);
    KeyValueStore<String, IndexedMessage> index =
        h.driver.getKeyValueStore(PerChatProcessor.MESSAGE_INDEX_STORE);
    assertThat(chats.get("g").lastSeq()).isEqualTo(3);
    assertThat(chats.get("g").memberCount()).isEqualTo(2);
    assertThat(chats.get("g").fanOut()).isEqualTo(FanOutMode.WRITE);
    assertThat(members.get("g/bob").lastReadSeq()).isEqualTo(3);
    assertThat(members.get("g/alice").lastReadSeq()).isZero();
    assertThat(index.get("g/" + messageId("g", "bob", "b1").value()).seq()).isEqualTo(2);
  }
}

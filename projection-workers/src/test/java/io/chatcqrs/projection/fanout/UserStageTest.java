package io.chatcqrs.projection.fanout;

import static io.chatcqrs.projection.Workload.messageId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.TopologyHarness;
import io.chatcqrs.projection.Workload;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserStageTest {
  private final TopologyHarness h = new TopologyHarness();
  private final Workload w = new Workload();

  @AfterEach
  void close() {
    h.close();
  }

  private List<UserEvent> drain() {
    return h.drainUserEvents().stream().map(TestRecord::value).toList();
  }

  @Test
  void should_give_every_member_a_room_on_create_and_key_by_user() {
    h.pipe(w.group("g", "alice", "bob", "carol"));
    var records = h.drainUserEvents();
    assertThat(records).extracting(TestRecord::key).containsExactly("alice", "bob", "carol");
    UserEvent room = records.get(1).value();
    assertThat(room.kind()).isEqualTo("room");
    assertThat(room.data().get("chat_id").asText()).isEqualTo("g");
    assertThat(room.data().get("type").asText()).isEqualTo("group");
    assertThat(room.data().get("last_message").isNull()).isTrue();
    assertThat(room.data().get("unread_count").asLong()).isZero();
    assertThat(room.data().get("last_activity_at").asText()).endsWith("Z");
    assertThat(room.totalUnread()).isZero();
  }

  @Test
  void should_fan_messages_out_to_all_members_with_unread_and_total_unread() {
    h.pipe(w.group("g1", "alice", "bob"), w.group("g2", "alice", "bob", "carol"));
    drain();
    h.pipe(w.send("g1", "alice", "a"), w.send("g2", "carol", "c1"), w.send("g2", "carol", "c2"));
    List<UserEvent> out = drain();
    assertThat(out).allMatch(e -> e.kind().equals("message"));
    assertThat(out)
        .extracting(
            e -> e.userId().value(),
            e -> e.data().get("unread_count").asLong(),
            UserEvent::totalUnread)
        .containsExactly(
            tuple("alice", 0L, 0L),
            tuple("bob", 1L, 1L),
            tuple("alice", 1L, 1L),
            tuple("bob", 1L, 2L),
            tuple("carol", 0L, 0L),
            tuple("alice", 2L, 2L),
            tuple("bob", 2L, 3L),
            tuple("carol", 0L, 0L));
    UserEvent last = out.get(6);
    assertThat(last.data().get("seq").asLong()).isEqualTo(2);
    assertThat(last.data().get("sender_id").asText()).isEqualTo("carol");
    assertThat(last.data().get("text").asText()).isEqualTo("text c2");
    assertThat(last.data().get("edited_at").isNull()).isTrue();
    assertThat(last.data().get("deleted").asBoolean()).isFalse();
    assertThat(last.unreadCount()).isEqualTo(2);
    assertThat(last.lastSeq()).isEqualTo(2);

    h.pipe(w.read("g2", "bob", 2));
    List<UserEvent> read = drain();
    assertThat(read).hasSize(1);
    assertThat(read.get(0).kind()).isEqualTo("read");
    assertThat(read.get(0).totalUnread()).isEqualTo(1);
    assertThat(read.get(0).data().get("seq").asLong()).isEqualTo(2);
    KeyValueStore<String, Long> totals =
        h.driver.getKeyValueStore(UserStageProcessor.TOTAL_UNREAD_STORE);
    assertThat(totals.get("bob")).isEqualTo(1);
    assertThat(totals.get("alice")).isEqualTo(2);
  }

  @Test
  void should_tell_the_other_member_of_a_direct_chat_about_reads_but_not_in_groups() {
    h.pipe(
        w.direct("d", "alice", "bob"),
        w.group("g", "alice", "bob"),
        w.send("d", "alice", "x"),
        w.send("g", "alice", "y"));
    drain();
    h.pipe(w.read("d", "bob", 1), w.read("g", "bob", 1));
    assertThat(drain())
        .extracting(e -> e.userId().value(), e -> e.chatId().value(), UserEvent::kind)
        .containsExactly(
            tuple("bob", "d", "read"), tuple("alice", "d", "read"), tuple("bob", "g", "read"));
  }

  @Test
  void should_send_rejections_to_the_sender_only() {
    h.pipe(w.group("g", "alice", "bob"));
    drain();
    h.pipe(w.send("g", "mallory", "m1"), w.send("g", "alice", "ok"), w.send("g", "alice", "ok"));
    List<UserEvent> out = drain();
    assertThat(out)
        .extracting(e -> e.userId().value(), UserEvent::kind)
        .containsExactly(
            tuple("mallory", "rejected"), tuple("alice", "message"), tuple("bob", "message"));
    UserEvent rejected = out.get(0);
    assertThat(rejected.data().get("reason").asText()).isEqualTo("not_member");
    assertThat(rejected.data().get("client_msg_id").asText()).isEqualTo("m1");
    assertThat(rejected.data().get("message_id").asText())
        .isEqualTo(messageId("g", "mallory", "m1").value());
    assertThat(rejected.unreadCount()).isNull();
  }

  @Test
  void should_announce_joins_and_leaves_and_remove_the_room_and_its_unread() {
    h.pipe(w.group("g", "alice", "bob"), w.send("g", "alice", "1"), w.send("g", "alice", "2"));
    drain();
    h.pipe(w.join("g", "alice", "carol"), w.leave("g", "bob", "bob"));
    List<UserEvent> out = drain();
    assertThat(out)
        .extracting(e -> e.userId().value(), UserEvent::kind)
        .containsExactly(
            tuple("carol", "room"),
            tuple("alice", "member_joined"),
            tuple("bob", "member_joined"),
            tuple("bob", "room"),
            tuple("alice", "member_left"),
            tuple("carol", "member_left"));
    assertThat(out.get(0).data().get("unread_count").asLong()).isZero();
    assertThat(out.get(0).data().get("last_message").get("seq").asLong()).isEqualTo(2);
    assertThat(out.get(1).data().get("user_id").asText()).isEqualTo("carol");
    UserEvent removed = out.get(3);
    assertThat(removed.data().get("removed").asBoolean()).isTrue();
    assertThat(removed.totalUnread()).isZero();
    assertThat(removed.unreadCount()).isNull();
  }

  @Test
  void should_send_edits_and_deletes_to_every_member() {
    var first = messageId("g", "alice", "1");
    h.pipe(w.group("g", "alice", "bob"), w.send("g", "alice", "1"), w.send("g", "bob", "2"));
    drain();
    h.pipe(w.edit("g", "alice", first, "new"), w.delete("g", "bob", messageId("g", "bob", "2")));
    List<UserEvent> out = drain();
    assertThat(out)
        .extracting(e -> e.userId().value(), UserEvent::kind)
        .containsExactly(
            tuple("alice", "message_edited"),
            tuple("bob", "message_edited"),
            tuple("alice", "message_deleted"),
            tuple("bob", "message_deleted"));
    assertThat(out.get(0).data().get("text").asText()).isEqualTo("new");
    assertThat(out.get(0).data().get("edited_at").isNull()).isFalse();
    assertThat(out.get(2).data().get("text").isNull()).isTrue();
    assertThat(out.get(2).data().get("deleted").asBoolean()).isTrue();
    assertThat(out.get(0).totalUnread()).isEqualTo(1);
    assertThat(out.get(0).unreadCount()).isEqualTo(1);
  }
}

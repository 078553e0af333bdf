package io.chatcqrs.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.query.read.rooms.LargeRoom;
import io.chatcqrs.query.read.rooms.Room;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hub's delivery of large groups' events: who gets what, with which unread count and id. */
class GroupDispatchTest {
  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
  private final List<String> counted = new ArrayList<>();
  private final List<SseHub.GroupGap> gaps = new ArrayList<>();
  private long now;
  private final SseHub hub =
      new SseHub(
          5,
          100,
          (event, n) -> {},
          new RecentGroupEvents(
              new RecentGroupEvents.Limits(4, 1000, Duration.ofSeconds(60)), () -> now));

  GroupDispatchTest() {
    hub.onGroupDelivered((event, n) -> counted.add(event.kind() + n));
    hub.onGroupGap(gaps::add);
    hub.start(Map.of(0, 10L));
  }

  @Test
  void should_deliver_a_message_to_members_but_its_sender_with_each_ones_unread_count() {
    var ann = connect("ann", room("big", 5, 3));
    var bob = connect("bob", room("big", 5, 5));
    var cy = connect("cy", room("big", 5, 4));
    clear(ann, bob, cy);

    hub.dispatchGroup(List.of(message("big", 6, "cy")));

    assertThat(data(ann, "message")).containsEntry("unread_count", 3).containsEntry("seq", 6);
    assertThat(data(bob, "message")).containsEntry("unread_count", 1);
    assertThat(cy.sink.chunks).isEmpty();
    assertThat(counted).containsExactly("message2");
  }

  @Test
  void should_follow_the_users_own_room_and_read_events() {
    var ann = connect("ann");
    clear(ann);
    hub.dispatchGroup(List.of(message("big", 6, "bob")));
    assertThat(ann.sink.chunks).isEmpty();

    hub.dispatch(List.of(userEvent("ann", 11, "room", roomView("big", 6, 6, false))));
    hub.dispatchGroup(List.of(message("big", 7, "bob"), message("big", 8, "bob")));
    hub.dispatch(List.of(userEvent("ann", 12, "read", roomView("big", 8, 7, false))));
    hub.dispatchGroup(List.of(message("big", 9, "bob")));
    hub.dispatch(List.of(userEvent("ann", 13, "room", roomView("big", 9, 7, true))));
    hub.dispatchGroup(List.of(message("big", 10, "bob")));

    List<Long> unread =
        events(ann, "message").stream().map(d -> d.getLong("unread_count")).toList();
    assertThat(unread).containsExactly(1L, 2L, 2L);
    assertThat(hub.subscribers("big")).isZero();
  }

  @Test
  void should_hold_group_events_while_loading_and_send_the_rooms_first() {
    var sink = new SseConnectionTest.RecordingSink();
    SseConnection ann = new SseConnection("ann", sink, 10);
    hub.register(ann);
    ann.position(hub.startPosition("ann"));
    hub.loadingGroups(ann);
    ann.goLive(List.of());

    hub.dispatchGroup(List.of(message("big", 6, "bob"), message("other", 3, "bob")));
    hub.groupsLoaded(ann, List.of(new LargeRoom(room("big", 5, 5), 50, 50)));

    assertThat(sink.chunks).hasSize(2);
    assertThat(sink.chunks.get(0)).contains("event: room").contains("\"unread_count\":0");
    assertThat(sink.chunks.get(1)).contains("event: message").contains("\"unread_count\":1");
  }

  @Test
  void should_give_group_events_increasing_ids_a_resume_reads_as_the_user_stream_position() {
    var ann = connect("ann", room("big", 5, 5));
    hub.dispatchGroup(List.of(message("big", 6, "bob")));
    hub.dispatch(List.of(new SseEvent("ann", 0, 10, 1000, "read", "{\"chat_id\":\"x\"}")));
    hub.dispatchGroup(List.of(message("big", 7, "bob")));

    List<String> ids =
        ann.sink.chunks.stream().map(chunk -> chunk.substring(4, chunk.indexOf('\n'))).toList();
    assertThat(ids).hasSize(4);
    EventId start = EventId.parse(ids.get(0));
    assertThat(start).isNotNull();
    assertThat(start.partition()).isZero();
    assertThat(start.offset()).isEqualTo(9);
    assertThat(ids.get(0)).endsWith("-1");
    assertThat(ids.get(1)).endsWith("-2").startsWith(start.toString());
    assertThat(ids.get(2)).isEqualTo("0-10-1000");
    assertThat(ids.get(3)).isEqualTo("0-10-1000-3");
    assertThat(EventId.parse(ids.get(3))).isEqualTo(new EventId(0, 10, 1000));
  }

  @Test
  void should_not_tell_a_member_about_their_own_join() {
    var ann = connect("ann", room("big", 5, 5));
    var bob = connect("bob", room("big", 5, 5));
    clear(ann, bob);
    ObjectNode joined =
        Json.mapper().createObjectNode().put("chat_id", "big").put("user_id", "bob");
    hub.dispatchGroup(
        List.of(
            new GroupEvent(ChatId.of("big"), "member_joined", joined, 5, null, "e", T0, at(100))));

    assertThat(data(ann, "member_joined")).containsEntry("user_id", "bob");
    assertThat(bob.sink.chunks).isEmpty();
  }

  @Test
  void should_give_a_member_the_switch_and_what_followed_though_their_room_comes_after_them() {
    var ann = connect("ann");
    clear(ann);
    // the switch: bob's join (offset 61) takes the chat to read mode; its group event and a
    // message sent meanwhile overtake ann's room event, which goes through two transactions more
    hub.dispatchGroup(
        List.of(
            message("big", 6, "cy"),
            membership("member_joined", "big", "bob", 61),
            message("big", 7, "cy")));
    hub.dispatch(List.of(userEvent("ann", 11, "room", roomView("big", 6, 4, false, 61))));
    hub.dispatchGroup(List.of(message("big", 8, "cy")));

    assertThat(data(ann, "member_joined")).containsEntry("user_id", "bob");
    assertThat(events(ann, "message"))
        .extracting(d -> d.getLong("seq"), d -> d.getLong("unread_count"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(7L, 3L),
            org.assertj.core.groups.Tuple.tuple(8L, 4L));
    assertThat(gaps).isEmpty();
  }

  @Test
  void should_give_a_joiner_the_messages_sent_between_their_join_and_their_room_event() {
    var bob = connect("bob");
    clear(bob);
    hub.dispatchGroup(
        List.of(membership("member_joined", "big", "bob", 61), message("big", 7, "cy")));
    hub.dispatch(List.of(userEvent("bob", 11, "room", roomView("big", 6, 6, false, 61))));

    assertThat(events(bob, "member_joined")).isEmpty();
    assertThat(data(bob, "message")).containsEntry("seq", 7).containsEntry("unread_count", 1);
  }

  @Test
  void should_close_a_stream_whose_missed_group_events_are_no_longer_all_remembered() {
    var ann = connect("ann");
    hub.dispatchGroup(
        List.of(
            message("big", 6, "cy"),
            message("big", 7, "cy"),
            message("big", 8, "cy"),
            message("big", 9, "cy"),
            message("big", 10, "cy")));
    // the buffer keeps 4 per chat: message 6 (offset 60, above the seam 51) is gone
    hub.dispatch(List.of(userEvent("ann", 11, "room", roomView("big", 5, 5, false, 51))));

    assertThat(ann.connection.state()).isEqualTo(SseConnection.State.CLOSED);
    assertThat(gaps).containsExactly(SseHub.GroupGap.REPLAY_INCOMPLETE);
    assertThat(hub.subscribers("big")).isZero();
  }

  @Test
  void should_forget_old_group_events() {
    var ann = connect("ann");
    hub.dispatchGroup(List.of(message("big", 7, "cy")));
    now += Duration.ofSeconds(61).toNanos();
    hub.dispatch(List.of(userEvent("ann", 11, "room", roomView("big", 6, 6, false, 61))));

    assertThat(events(ann, "message")).isEmpty();
    assertThat(hub.subscribers("big")).isOne();
  }

  @Test
  void should_unsubscribe_a_member_on_their_own_member_left() {
    var ann = connect("ann", room("big", 5, 5));
    var bob = connect("bob", room("big", 5, 5));
    clear(ann, bob);
    hub.dispatchGroup(
        List.of(membership("member_left", "big", "ann", 55), message("big", 6, "bob")));

    assertThat(ann.sink.chunks).isEmpty();
    assertThat(hub.subscribers("big")).isOne();
    assertThat(data(bob, "member_left")).containsEntry("user_id", "ann");
  }

  @Test
  void should_not_subscribe_at_connect_to_a_chat_the_user_left_after_their_row_was_written() {
    hub.dispatchGroup(List.of(membership("member_left", "big", "ann", 55)));
    var sink = new SseConnectionTest.RecordingSink();
    SseConnection ann = new SseConnection("ann", sink, 10);
    hub.register(ann);
    hub.loadingGroups(ann);
    ann.goLive(List.of());
    // the sink has not deleted ann's row (written at offset 40) yet
    hub.groupsLoaded(
        ann,
        List.of(
            new LargeRoom(room("big", 5, 5), 50, 40), new LargeRoom(room("other", 5, 5), 50, 40)));
    hub.dispatchGroup(List.of(message("big", 6, "bob"), message("other", 6, "bob")));

    assertThat(sink.chunks).hasSize(2).noneMatch(chunk -> chunk.contains("\"big\""));
    assertThat(hub.subscribers("big")).isZero();
  }

  @Test
  void should_subscribe_at_connect_a_member_who_left_and_joined_again() {
    hub.dispatchGroup(
        List.of(
            membership("member_left", "big", "ann", 55),
            membership("member_joined", "big", "ann", 56)));
    var ann = connect("ann", room("big", 5, 5));
    hub.dispatchGroup(List.of(message("big", 6, "bob")));

    assertThat(events(ann, "room")).hasSize(1);
    assertThat(hub.subscribers("big")).isOne();
    assertThat(data(ann, "message")).containsEntry("seq", 6);
  }

  @Test
  void should_deliver_at_connect_what_the_loaded_chat_row_does_not_reflect_yet() {
    // messages 6 and 7 were dispatched before the stream connected; the chats row shows seq 6
    hub.dispatchGroup(List.of(message("big", 6, "bob"), message("big", 7, "bob")));
    var sink = new SseConnectionTest.RecordingSink();
    SseConnection ann = new SseConnection("ann", sink, 10);
    hub.register(ann);
    hub.loadingGroups(ann);
    ann.goLive(List.of());
    hub.dispatchGroup(List.of(message("big", 8, "bob")));
    hub.groupsLoaded(ann, List.of(new LargeRoom(room("big", 6, 5), 60, 50)));

    assertThat(sink.chunks).hasSize(3);
    assertThat(sink.chunks.get(0)).contains("event: room");
    assertThat(sink.chunks.get(1)).contains("\"seq\":7").contains("\"unread_count\":2");
    assertThat(sink.chunks.get(2)).contains("\"seq\":8").contains("\"unread_count\":3");
  }

  @Test
  void should_not_deliver_twice_to_a_stream_a_user_event_subscribed_while_it_loaded() {
    var sink = new SseConnectionTest.RecordingSink();
    SseConnection ann = new SseConnection("ann", sink, 10);
    hub.register(ann);
    hub.loadingGroups(ann);
    ann.goLive(List.of());
    hub.dispatch(List.of(userEvent("ann", 11, "room", roomView("big", 5, 5, false, 51))));
    hub.dispatchGroup(List.of(message("big", 6, "bob")));
    hub.groupsLoaded(ann, List.of(new LargeRoom(room("big", 5, 5), 50, 50)));
    hub.dispatchGroup(List.of(message("big", 7, "bob")));

    List<String> messages =
        sink.chunks.stream().filter(chunk -> chunk.contains("event: message")).toList();
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0)).contains("\"seq\":6");
    assertThat(messages.get(1)).contains("\"seq\":7");
  }

  @Test
  void should_close_a_loading_stream_that_would_hold_too_many_group_events() {
    var sink = new SseConnectionTest.RecordingSink();
    SseConnection ann = new SseConnection("ann", sink, 10);
    hub.register(ann);
    hub.loadingGroups(ann);
    ann.goLive(List.of());
    List<GroupEvent> flood = new ArrayList<>();
    for (int i = 1; i <= SseHub.MAX_HELD + 1; i++) {
      flood.add(message("c" + i, 1, "bob"));
    }
    hub.dispatchGroup(flood);

    assertThat(ann.state()).isEqualTo(SseConnection.State.CLOSED);
    assertThat(gaps).containsExactly(SseHub.GroupGap.HELD_OVERFLOW);
    assertThat(hub.connections()).isZero();
  }

  @Test
  void should_add_the_unread_count_to_any_object() {
    assertThat(SseHub.withUnread("{}", 3)).isEqualTo("{\"unread_count\":3}");
    assertThat(new JsonObject(SseHub.withUnread("{\"a\":{\"b\":1}}", 0)).getInteger("unread_count"))
        .isZero();
  }

  private record Client(SseConnection connection, SseConnectionTest.RecordingSink sink) {}

  private Client connect(String user, Room... rooms) {
    var sink = new SseConnectionTest.RecordingSink();
    SseConnection connection = new SseConnection(user, sink, 10);
    hub.register(connection);
    connection.position(hub.startPosition(user));
    hub.loadingGroups(connection);
    connection.goLive(List.of());
    hub.groupsLoaded(
        connection,
        java.util.Arrays.stream(rooms)
            .map(r -> new LargeRoom(r, r.lastSeq() * 10, r.lastSeq() * 10))
            .toList());
    return new Client(connection, sink);
  }

  private static void clear(Client... clients) {
    for (Client client : clients) {
      client.sink.chunks.clear();
    }
  }

  private static Room room(String chatId, long lastSeq, long lastReadSeq) {
    return new Room(chatId, "group", "Big", lastSeq, lastReadSeq, T0, null);
  }

  private static RoomView roomView(String chatId, long lastSeq, long lastReadSeq, boolean removed) {
    return roomView(chatId, lastSeq, lastReadSeq, removed, lastSeq * 10 + 1);
  }

  private static RoomView roomView(
      String chatId, long lastSeq, long lastReadSeq, boolean removed, long sourceOffset) {
    return new RoomView(
        ChatId.of(chatId),
        ChatType.GROUP,
        "Big",
        lastSeq,
        lastReadSeq,
        T0,
        T0,
        null,
        null,
        removed,
        FanOutMode.READ,
        at(sourceOffset));
  }

  private static SseEvent userEvent(String user, long offset, String kind, RoomView room) {
    return new SseEvent(
        user, 0, offset, 1000, kind, "{\"chat_id\":\"" + room.chatId().value() + "\"}", room);
  }

  private static GroupEvent message(String chatId, long seq, String sender) {
    ObjectNode data =
        Json.mapper()
            .createObjectNode()
            .put("chat_id", chatId)
            .put("message_id", "m" + seq)
            .put("seq", seq)
            .put("sender_id", sender)
            .put("text", "hi");
    return new GroupEvent(
        ChatId.of(chatId), "message", data, seq, UserId.of(sender), "e" + seq, T0, at(seq * 10));
  }

  /** A membership event of {@code user} read at {@code offset} of the chat's partition. */
  private static GroupEvent membership(String kind, String chatId, String user, long offset) {
    ObjectNode data = Json.mapper().createObjectNode().put("chat_id", chatId).put("user_id", user);
    return new GroupEvent(ChatId.of(chatId), kind, data, 0, null, "e" + offset, T0, at(offset));
  }

  private static SourcePosition at(long offset) {
    return new SourcePosition("chat.events.v1", 0, offset, 0);
  }

  private static List<JsonObject> events(Client client, String kind) {
    return client.sink.chunks.stream()
        .filter(chunk -> chunk.contains("event: " + kind + "\n"))
        .map(chunk -> new JsonObject(chunk.substring(chunk.indexOf("data: ") + 6).trim()))
        .toList();
  }

  private static Map<String, Object> data(Client client, String kind) {
    List<JsonObject> found = events(client, kind);
    assertThat(found).hasSize(1);
    return found.get(0).getMap();
  }
}

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
import io.chatcqrs.query.read.rooms.Room;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hub's delivery of large groups' events: who gets what, with which unread count and id. */
class GroupDispatchTest {
  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
  private final List<String> counted = new ArrayList<>();
  private final SseHub hub = new SseHub(5, 100, (event, n) -> {});

  GroupDispatchTest() {
    hub.onGroupDelivered((event, n) -> counted.add(event.kind() + n));
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
    hub.groupsLoaded(ann, List.of(room("big", 5, 5)));

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
        List.of(new GroupEvent(ChatId.of("big"), "member_joined", joined, 5, null, "e", T0, null)));

    assertThat(data(ann, "member_joined")).containsEntry("user_id", "bob");
    assertThat(bob.sink.chunks).isEmpty();
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
    hub.groupsLoaded(connection, List.of(rooms));
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
        new SourcePosition("chat.events.v1", 0, 1, 0));
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
        ChatId.of(chatId), "message", data, seq, UserId.of(sender), "e" + seq, T0, null);
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

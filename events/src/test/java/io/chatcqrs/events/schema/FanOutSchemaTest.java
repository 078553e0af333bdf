package io.chatcqrs.events.schema;

import static io.chatcqrs.events.ChatEventSamples.ALICE;
import static io.chatcqrs.events.ChatEventSamples.AT;
import static io.chatcqrs.events.ChatEventSamples.BOB;
import static io.chatcqrs.events.ChatEventSamples.GROUP;
import static io.chatcqrs.events.ChatEventSamples.MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.events.projection.UserEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of large groups (issue 13) as the codec writes it: fan-out modes on chats and rooms,
 * rooms on user events, group events, sequenced records listing only the members concerned; and
 * records written before these fields existed still validate.
 */
class FanOutSchemaTest {
  private static final SourcePosition SOURCE =
      new SourcePosition("chat.events.v1", 3, 42, AT.toEpochMilli());
  private static final MessageView MESSAGE_VIEW =
      new MessageView(MESSAGE, 7, ALICE, "hello, all", AT, null, false);
  private static final ChatView LARGE =
      new ChatView(
          GROUP, ChatType.GROUP, "Town", ALICE, AT, 7, 5_000, AT, MESSAGE_VIEW, FanOutMode.READ);
  private static final ChatView SMALL =
      new ChatView(GROUP, ChatType.GROUP, "Team", ALICE, AT, 7, 2, AT, MESSAGE_VIEW);

  @Test
  void should_write_the_fan_out_mode_of_a_chat_as_fan_out_write_or_read() {
    assertThat(json(LARGE).path("fan_out").asText()).isEqualTo("read");
    assertThat(json(SMALL).path("fan_out").asText()).isEqualTo("write");
    assertThat(json(room(SMALL, false, null)).path("fan_out").asText()).isEqualTo("write");
  }

  @Test
  void should_validate_a_read_mode_message_that_lists_only_its_sender() {
    SequencedEvent accepted = sentIn(LARGE);

    ObjectNode json = json(accepted);
    assertThat(json.path("chat").path("fan_out").asText()).isEqualTo("read");
    assertThat(json.path("members")).hasSize(1);
    assertThat(json.path("notified")).isEmpty();
    assertThat(Schemas.validate("SequencedEvent", json)).isEmpty();
  }

  @Test
  void should_reject_an_unknown_fan_out_mode() {
    ObjectNode json = json(sentIn(LARGE));
    ((ObjectNode) json.get("chat")).put("fan_out", "sideways");

    assertThat(Schemas.validate("SequencedEvent", json)).isNotEmpty();
  }

  @Test
  void should_still_validate_and_decode_a_sequenced_record_written_before_fan_out_modes() {
    ObjectNode json = json(sentIn(SMALL));
    ((ObjectNode) json.get("chat")).remove("fan_out");
    json.putArray("notified").add(BOB.value());
    ((ArrayNode) json.get("members"))
        .add(json(new MemberView(BOB, 3, 4, AT, AT, AT.minusSeconds(60), false)));

    assertThat(Schemas.validate("SequencedEvent", json)).isEmpty();
    assertThat(Json.mapper().convertValue(json, SequencedEvent.class).chat().fanOut())
        .isEqualTo(FanOutMode.WRITE);
  }

  @Test
  void should_validate_user_events_with_a_room_in_either_mode() {
    UserEvent writeRoom = messageFor(BOB, room(SMALL, false, AT.minusSeconds(60)));
    UserEvent readRoom = messageFor(ALICE, room(LARGE, false, null));
    UserEvent switched =
        roomEvent(BOB, room(LARGE, false, AT.minusSeconds(60)), UserEvent.Kind.ROOM);
    UserEvent removed = roomEvent(BOB, room(LARGE, true, null), UserEvent.Kind.MEMBER_LEFT);

    for (UserEvent event : List.of(writeRoom, readRoom, switched, removed)) {
      ObjectNode json = json(event);
      assertThat(json.path("room").isObject()).as(event.kind()).isTrue();
      assertThat(Schemas.validate("UserEvent", json)).as(json.toString()).isEmpty();
    }
    assertThat(json(writeRoom).path("room").path("fan_out").asText()).isEqualTo("write");
    assertThat(json(switched).path("room").path("fan_out").asText()).isEqualTo("read");
    assertThat(json(switched).path("room").path("previous_activity_at").asText())
        .isEqualTo(Json.formatTime(AT.minusSeconds(60)));
    assertThat(json(removed).path("room").path("removed").asBoolean()).isTrue();
  }

  @Test
  void should_still_validate_user_events_without_a_room_or_its_mode() {
    ObjectNode withoutRoom = json(messageFor(BOB, null));
    ObjectNode nullRoom = withoutRoom.deepCopy();
    withoutRoom.remove("room");
    ObjectNode roomWithoutMode = json(messageFor(BOB, room(SMALL, false, null)));
    ((ObjectNode) roomWithoutMode.get("room")).remove("fan_out");

    assertThat(nullRoom.has("room")).isTrue();
    assertThat(Schemas.validate("UserEvent", withoutRoom)).isEmpty();
    assertThat(Schemas.validate("UserEvent", nullRoom)).isEmpty();
    assertThat(Schemas.validate("UserEvent", roomWithoutMode)).isEmpty();
    assertThat(Json.mapper().convertValue(roomWithoutMode, UserEvent.class).room().fanOut())
        .isEqualTo(FanOutMode.WRITE);
  }

  @Test
  void should_reject_a_room_without_its_source_or_with_an_unknown_mode() {
    ObjectNode noSource = json(messageFor(BOB, room(LARGE, false, null)));
    ((ObjectNode) noSource.get("room")).remove("source");
    ObjectNode badMode = json(messageFor(BOB, room(LARGE, false, null)));
    ((ObjectNode) badMode.get("room")).put("fan_out", "both");

    assertThat(Schemas.validate("UserEvent", noSource)).isNotEmpty();
    assertThat(Schemas.validate("UserEvent", badMode)).isNotEmpty();
  }

  @Test
  void should_validate_room_updates_with_rooms_in_either_mode_and_without_any() {
    RoomUpdates written =
        new RoomUpdates(
            SMALL.chatId(),
            SOURCE,
            List.of(
                new RoomUpdates.UserRoom(ALICE, room(SMALL, false, AT.minusSeconds(60))),
                new RoomUpdates.UserRoom(BOB, room(SMALL, true, null))));
    RoomUpdates switched =
        new RoomUpdates(
            LARGE.chatId(),
            SOURCE,
            List.of(new RoomUpdates.UserRoom(BOB, room(LARGE, false, AT.minusSeconds(60)))));
    RoomUpdates none = new RoomUpdates(LARGE.chatId(), SOURCE, List.of());

    for (RoomUpdates updates : List.of(written, switched, none)) {
      ObjectNode json = json(updates);
      assertThat(Schemas.validate("RoomUpdates", json)).as(json.toString()).isEmpty();
    }
    assertThat(json(switched).path("rooms").path(0).path("room").path("fan_out").asText())
        .isEqualTo("read");
    assertThat(json(written).path("rooms").path(1).path("user_id").asText()).isEqualTo(BOB.value());
    ObjectNode noUser = json(switched);
    ((ObjectNode) noUser.path("rooms").path(0)).remove("user_id");
    assertThat(Schemas.validate("RoomUpdates", noUser)).isNotEmpty();
    ObjectNode noSource = json(none);
    noSource.remove("source");
    assertThat(Schemas.validate("RoomUpdates", noSource)).isNotEmpty();
  }

  @Test
  void should_validate_group_events_of_every_kind() {
    ObjectNode message = messageData();
    ObjectNode member = Json.mapper().createObjectNode().put("chat_id", GROUP.value());
    member.put("user_id", BOB.value());

    List<GroupEvent> events =
        List.of(
            new GroupEvent(GROUP, "message", message, 7, ALICE, "e-7", AT, SOURCE),
            new GroupEvent(GROUP, "message_edited", message, 7, null, "e-8", AT, SOURCE),
            new GroupEvent(GROUP, "message_deleted", message, 7, null, "e-9", AT, SOURCE),
            new GroupEvent(GROUP, "member_joined", member, 7, null, "e-10", AT, SOURCE),
            new GroupEvent(GROUP, "member_left", member, 7, null, null, null, null));

    for (GroupEvent event : events) {
      assertThat(Schemas.validate("GroupEvent", json(event))).as(event.kind()).isEmpty();
    }
    assertThat(json(events.get(0)).path("sender_id").asText()).isEqualTo(ALICE.value());
    assertThat(json(events.get(0)).path("last_seq").asLong()).isEqualTo(7);
  }

  @Test
  void should_reject_group_events_that_break_the_contract() {
    ObjectNode message = messageData();
    ObjectNode noSender = json(new GroupEvent(GROUP, "message", message, 7, null, "e", AT, SOURCE));
    ObjectNode noMessageId =
        json(new GroupEvent(GROUP, "message", message, 7, ALICE, "e", AT, null));
    ((ObjectNode) noMessageId.get("data")).remove("message_id");
    ObjectNode leftWithoutUser =
        json(
            new GroupEvent(
                GROUP,
                "member_left",
                Json.mapper().createObjectNode().put("chat_id", GROUP.value()),
                7,
                null,
                null,
                AT,
                null));
    ObjectNode badKey = json(new GroupEvent(GROUP, "message", message, 7, ALICE, "e", AT, null));
    badKey.put("chat_id", "not a chat");
    ObjectNode unknownKind =
        json(new GroupEvent(GROUP, "reaction_added", message, 7, null, "e", AT, null));

    assertThat(Schemas.validate("GroupEvent", noSender)).isNotEmpty();
    assertThat(Schemas.validate("GroupEvent", noMessageId)).isNotEmpty();
    assertThat(Schemas.validate("GroupEvent", leftWithoutUser)).isNotEmpty();
    assertThat(Schemas.validate("GroupEvent", badKey)).isNotEmpty();
    assertThat(Schemas.validate("GroupEvent", unknownKind)).as("kinds added later").isEmpty();
  }

  @Test
  void should_round_trip_a_group_event_through_the_codec() throws Exception {
    GroupEvent event = new GroupEvent(GROUP, "message", messageData(), 7, ALICE, "e-7", AT, SOURCE);

    GroupEvent decoded =
        Json.mapper().readValue(Json.mapper().writeValueAsString(event), GroupEvent.class);

    assertThat(decoded).isEqualTo(event);
  }

  private static SequencedEvent sentIn(ChatView chat) {
    return new SequencedEvent(
        GROUP,
        Outcome.ACCEPTED,
        null,
        7L,
        7,
        ChatEventSamples.all().get(MessageSent.class),
        chat,
        MESSAGE_VIEW,
        List.of(new MemberView(ALICE, 7, 0, AT, AT, AT.minusSeconds(60), false)),
        List.of(),
        SOURCE);
  }

  private static RoomView room(ChatView chat, boolean removed, Instant previousActivityAt) {
    MemberView member =
        new MemberView(BOB, 3, removed ? 0 : 4, AT, AT, previousActivityAt, removed);
    return RoomView.of(chat, member, SOURCE);
  }

  private static UserEvent messageFor(UserId user, RoomView room) {
    ObjectNode data = messageData().put("unread_count", 4);
    return new UserEvent(
        user, GROUP, UserEvent.Kind.MESSAGE.wire(), data, 4L, "e-7", AT, 7L, 4L, room);
  }

  private static UserEvent roomEvent(UserId user, RoomView room, UserEvent.Kind kind) {
    ObjectNode data = Json.mapper().createObjectNode().put("chat_id", GROUP.value());
    data.put("user_id", user.value());
    return new UserEvent(
        user,
        GROUP,
        kind.wire(),
        data,
        null,
        ChatEventSamples.all().get(MemberJoined.class).eventId(),
        AT,
        7L,
        null,
        room);
  }

  private static ObjectNode messageData() {
    ObjectNode data =
        Json.mapper()
            .createObjectNode()
            .put("chat_id", GROUP.value())
            .put("message_id", MESSAGE.value())
            .put("seq", 7)
            .put("sender_id", ALICE.value())
            .put("text", "hello, all")
            .put("sent_at", Json.formatTime(AT));
    data.putNull("edited_at");
    return data.put("deleted", false);
  }

  private static ObjectNode json(Object value) {
    return Json.mapper().valueToTree(value);
  }
}

package io.chatcqrs.events.schema;

import static io.chatcqrs.events.ChatEventSamples.ALICE;
import static io.chatcqrs.events.ChatEventSamples.AT;
import static io.chatcqrs.events.ChatEventSamples.BOB;
import static io.chatcqrs.events.ChatEventSamples.GROUP;
import static io.chatcqrs.events.ChatEventSamples.MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatEventSamples;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.codec.Json;
import io.chatcqrs.events.projection.ChatView;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.Reasons;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import io.chatcqrs.events.projection.SourcePosition;
import io.chatcqrs.events.projection.UserEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionSchemaTest {
  private static final SourcePosition SOURCE =
      new SourcePosition("chat.events.v1", 3, 42, AT.toEpochMilli());
  private static final MessageView MESSAGE_VIEW =
      new MessageView(MESSAGE, 7, ALICE, "hello, bob", AT, null, false);
  private static final ChatView CHAT =
      new ChatView(GROUP, ChatType.GROUP, "Team", ALICE, AT, 7, 2, AT, MESSAGE_VIEW);

  @Test
  void should_validate_an_accepted_message_with_its_seq_chat_and_members() {
    SequencedEvent accepted =
        new SequencedEvent(
            GROUP,
            Outcome.ACCEPTED,
            null,
            7L,
            7,
            sample(MessageSent.class),
            CHAT,
            MESSAGE_VIEW,
            List.of(
                new MemberView(ALICE, 7, 0, AT, AT, AT.minusSeconds(60), false),
                new MemberView(BOB, 3, 4, AT, AT, AT.minusSeconds(60), false)),
            List.of(),
            SOURCE);

    assertThat(Schemas.validate("SequencedEvent", json(accepted))).isEmpty();
  }

  @Test
  void should_validate_a_rejection_and_a_duplicate_with_their_reasons() {
    SequencedEvent rejected =
        new SequencedEvent(
            GROUP,
            Outcome.REJECTED,
            Reasons.NOT_MEMBER,
            null,
            7,
            sample(MemberJoined.class),
            CHAT,
            null,
            List.of(),
            List.of(),
            SOURCE);
    SequencedEvent duplicate =
        new SequencedEvent(
            GROUP,
            Outcome.DUPLICATE,
            Reasons.DUPLICATE_MESSAGE,
            5L,
            7,
            sample(MessageSent.class),
            CHAT,
            null,
            null,
            null,
            SOURCE);

    assertThat(Schemas.validate("SequencedEvent", json(rejected))).isEmpty();
    assertThat(Schemas.validate("SequencedEvent", json(duplicate))).isEmpty();
  }

  @Test
  void should_reject_a_rejection_without_a_reason() {
    SequencedEvent rejected =
        new SequencedEvent(
            GROUP,
            Outcome.REJECTED,
            null,
            null,
            0,
            sample(MessageSent.class),
            null,
            null,
            List.of(),
            List.of(),
            SOURCE);

    assertThat(Schemas.validate("SequencedEvent", json(rejected))).isNotEmpty();
  }

  @Test
  void should_reject_a_sequenced_event_whose_source_event_is_invalid() {
    SequencedEvent accepted =
        new SequencedEvent(
            GROUP,
            Outcome.ACCEPTED,
            null,
            7L,
            7,
            sample(MessageSent.class),
            CHAT,
            MESSAGE_VIEW,
            List.of(),
            List.of(),
            SOURCE);
    ObjectNode json = json(accepted);
    ((ObjectNode) json.get("event")).put("text", "");
    ObjectNode unknownOutcome = json(accepted);
    unknownOutcome.put("outcome", "maybe");

    assertThat(Schemas.validate("SequencedEvent", json)).isNotEmpty();
    assertThat(Schemas.validate("SequencedEvent", unknownOutcome)).isNotEmpty();
  }

  @Test
  void should_validate_user_events_of_the_contract() {
    ObjectNode message =
        Json.mapper()
            .createObjectNode()
            .put("chat_id", GROUP.value())
            .put("message_id", MESSAGE.value())
            .put("seq", 7)
            .put("sender_id", ALICE.value())
            .put("text", "hello, bob")
            .put("sent_at", Json.formatTime(AT))
            .put("unread_count", 4);
    message.putNull("edited_at");
    message.put("deleted", false);
    ObjectNode read =
        Json.mapper()
            .createObjectNode()
            .put("chat_id", GROUP.value())
            .put("user_id", BOB.value())
            .put("seq", 7);

    UserEvent forBob =
        new UserEvent(BOB, GROUP, UserEvent.Kind.MESSAGE.wire(), message, null, "e-1", AT, 7L, null)
            .withUnread(9, 4L);
    UserEvent readForAlice =
        new UserEvent(ALICE, GROUP, UserEvent.Kind.READ.wire(), read, null, null, null);

    assertThat(Schemas.validate("UserEvent", json(forBob))).isEmpty();
    assertThat(json(forBob).path("unread_count").asLong()).isEqualTo(4L);
    assertThat(Schemas.validate("UserEvent", json(readForAlice))).isEmpty();
  }

  @Test
  void should_reject_user_events_whose_data_breaks_the_contract() {
    ObjectNode noChatId = Json.mapper().createObjectNode().put("user_id", BOB.value());
    ObjectNode messageWithoutSeq =
        Json.mapper()
            .createObjectNode()
            .put("chat_id", GROUP.value())
            .put("message_id", MESSAGE.value());

    UserEvent joined =
        new UserEvent(BOB, GROUP, UserEvent.Kind.MEMBER_JOINED.wire(), noChatId, 0L, null, AT);
    UserEvent message =
        new UserEvent(BOB, GROUP, UserEvent.Kind.MESSAGE.wire(), messageWithoutSeq, 0L, null, AT);

    assertThat(Schemas.validate("UserEvent", json(joined))).isNotEmpty();
    assertThat(Schemas.validate("UserEvent", json(message))).isNotEmpty();
  }

  private static ChatEvent sample(Class<? extends ChatEvent> type) {
    return ChatEventSamples.all().get(type);
  }

  private static ObjectNode json(Object value) {
    return Json.mapper().valueToTree(value);
  }
}

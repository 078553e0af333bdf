package io.chatcqrs.events.projection;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The per-chat stage's verdict on one chat event, on {@code chat.sequenced.v1} keyed by chat id,
 * one record per record of {@code chat.events.v1} in the chat's order. Together with the source
 * event it carries, it is enough to rebuild every room exactly as its users saw it: which events
 * took effect, the seq of each message, the chat and the changed members after each step.
 *
 * @param chatId the chat (the record key)
 * @param outcome accepted, duplicate (no effect, e.g. a client retry) or rejected (no effect)
 * @param reason why a duplicate or rejected event had no effect (one of {@link Reasons}); null when
 *     accepted
 * @param seq for MessageSent the message's seq (also on a duplicate: the seq of the original), for
 *     edits and deletes the target message's seq, for ReadMarkerMoved the (clamped) marker after;
 *     null otherwise
 * @param lastSeq the chat's last_seq after this event (0 for an unknown chat)
 * @param event the source chat event, verbatim
 * @param chat the chat after this event; null when the chat does not exist
 * @param message the message after this event (MessageSent, MessageEdited, MessageDeleted that were
 *     accepted); null otherwise
 * @param members the members this event concerns, with their state after it: the sender of an
 *     accepted message (their marker moved), the joiners of a create or join, the member who left
 *     or was removed ({@code removed = true}), the reader of a marker move. Never the other
 *     members: the record's size does not depend on the chat's size (docs/large-groups.md)
 * @param notified always empty since v1.1 (the record no longer lists who was told; kept so that
 *     the v1 schema stays valid)
 * @param source where the chat event was read: chat.events.v1 partition, offset and timestamp
 */
public record SequencedEvent(
    ChatId chatId,
    Outcome outcome,
    String reason,
    Long seq,
    long lastSeq,
    ChatEvent event,
    ChatView chat,
    MessageView message,
    List<MemberView> members,
    List<UserId> notified,
    SourcePosition source) {

  /** Checks the required fields and copies the lists. */
  public SequencedEvent {
    Objects.requireNonNull(chatId, "chat_id");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
    members = members == null ? List.of() : List.copyOf(members);
    notified = notified == null ? List.of() : List.copyOf(notified);
  }

  /** What the per-chat stage made of a chat event. */
  public enum Outcome {
    /** The event took effect. */
    @JsonProperty("accepted")
    ACCEPTED,
    /** The event repeats one that already took effect; it changed nothing. */
    @JsonProperty("duplicate")
    DUPLICATE,
    /** The event breaks a rule of the chat; it changed nothing. */
    @JsonProperty("rejected")
    REJECTED
  }
}

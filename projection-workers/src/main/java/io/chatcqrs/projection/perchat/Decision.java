package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import java.util.List;

/**
 * What {@link ChatRules} decided for one event: the outcome, the state to store and the pieces of
 * the {@link io.chatcqrs.events.projection.SequencedEvent} to emit.
 *
 * @param outcome accepted, duplicate or rejected
 * @param reason why not accepted, or null
 * @param seq the seq the event concerns, or null
 * @param state the chat state after (the unchanged state, or null for an unknown chat, when not
 *     accepted)
 * @param indexed the message-index entry to store, or null
 * @param indexedId the message id of {@code indexed}
 * @param message the message after, or null
 * @param members the members whose room state changed, with their state after
 * @param notified further users whose live stream shows the event
 */
public record Decision(
    Outcome outcome,
    String reason,
    Long seq,
    ChatState state,
    IndexedMessage indexed,
    MessageId indexedId,
    MessageView message,
    List<MemberView> members,
    List<UserId> notified) {

  static Decision rejected(ChatState state, String reason) {
    return new Decision(
        Outcome.REJECTED, reason, null, state, null, null, null, List.of(), List.of());
  }

  static Decision duplicate(ChatState state, String reason, Long seq) {
    return new Decision(
        Outcome.DUPLICATE, reason, seq, state, null, null, null, List.of(), List.of());
  }

  static Decision accepted(
      ChatState state, Long seq, List<MemberView> members, List<UserId> notified) {
    return new Decision(Outcome.ACCEPTED, null, seq, state, null, null, null, members, notified);
  }

  Decision withMessage(MessageId id, IndexedMessage entry, MessageView view) {
    return new Decision(outcome, reason, seq, state, entry, id, view, members, notified);
  }
}

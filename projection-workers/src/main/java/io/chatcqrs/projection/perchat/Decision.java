package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.MessageView;
import io.chatcqrs.events.projection.SequencedEvent.Outcome;
import java.util.List;

/**
 * What {@link ChatRules} decided for one event: the outcome, the state to store, the pieces of the
 * {@link io.chatcqrs.events.projection.SequencedEvent} to emit and who the fan-out tells.
 *
 * @param outcome accepted, duplicate or rejected
 * @param reason why not accepted, or null
 * @param seq the seq the event concerns, or null
 * @param state the chat state after (the same instance when the event did not change it; null for
 *     an unknown chat)
 * @param indexed the message-index entry to store, or null
 * @param indexedId the message id of {@code indexed}
 * @param message the message after, or null
 * @param concerned the members the event concerns, with their state after it (the sender of an
 *     accepted message, the joiners, the leaver, the reader): the sequenced record's members, and
 *     exactly the {@code chat-members} entries to store ({@code removed} ones are deleted)
 * @param rooms the members whose room changed and who get a user event carrying it: in fan-out on
 *     write every member a message reaches; in fan-out on read the concerned members only, plus
 *     every existing member on the switch
 * @param notified further users who get a user event without a room (fan-out on write only)
 */
public record Decision(
    Outcome outcome,
    String reason,
    Long seq,
    ChatState state,
    IndexedMessage indexed,
    MessageId indexedId,
    MessageView message,
    List<MemberView> concerned,
    List<MemberView> rooms,
    List<UserId> notified) {

  /** Copies the lists. */
  public Decision {
    concerned = List.copyOf(concerned);
    rooms = List.copyOf(rooms);
    notified = List.copyOf(notified);
  }

  static Decision rejected(ChatState state, String reason) {
    return new Decision(
        Outcome.REJECTED, reason, null, state, null, null, null, List.of(), List.of(), List.of());
  }

  static Decision duplicate(ChatState state, String reason, Long seq) {
    return new Decision(
        Outcome.DUPLICATE, reason, seq, state, null, null, null, List.of(), List.of(), List.of());
  }

  static Decision accepted(
      ChatState state,
      Long seq,
      List<MemberView> concerned,
      List<MemberView> rooms,
      List<UserId> notified) {
    return new Decision(
        Outcome.ACCEPTED, null, seq, state, null, null, null, concerned, rooms, notified);
  }

  Decision withMessage(MessageId id, IndexedMessage entry, MessageView view) {
    return new Decision(outcome, reason, seq, state, entry, id, view, concerned, rooms, notified);
  }
}

package io.chatcqrs.command.write;

import io.chatcqrs.command.readmodel.Lookup;
import io.chatcqrs.command.readmodel.ReadModel;
import io.chatcqrs.command.readmodel.ReadModel.MessageView;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Pre-checks against the read model that reject only what is known to be invalid. Whatever the read
 * model does not know (a chat or message created a moment ago, or Cassandra not answering) passes:
 * the projection's per-chat stage is the authoritative check. Non-members get 404, as if the chat
 * did not exist.
 */
public final class Authorization {
  private final ReadModel readModel;

  Authorization(ReadModel readModel) {
    this.readModel = readModel;
  }

  /** Fails with 404 if the read model knows the chat and {@code user} is not a member. */
  public Future<Void> requireMember(ChatId chat, UserId user) {
    return readModel
        .isMember(chat, user)
        .compose(
            member ->
                member.orElse(true)
                    ? Future.succeededFuture()
                    : Future.failedFuture(new ProblemException.NotFound("no such chat: " + chat)));
  }

  /**
   * Fails with 403 if the read model knows the chat is a direct chat (group-only operations: adding
   * members, removing someone else).
   */
  public Future<Void> requireGroup(ChatId chat, String operation) {
    return readModel
        .chatType(chat)
        .compose(
            type ->
                type.found().orElse(ChatType.GROUP) == ChatType.GROUP
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new ProblemException.Forbidden(
                            operation + " is only possible in a group")));
  }

  /** Whether the read model already has the chat. */
  public Future<Boolean> chatExists(ChatId chat) {
    return readModel.chatType(chat).map(type -> type.found().isPresent());
  }

  /**
   * Fails with 404 for a message the read model does not have in a chat it knows, 403 when {@code
   * user} did not send it, and, if {@code forEdit}, 409 when it is deleted.
   */
  public Future<Void> requireSender(ChatId chat, MessageId message, UserId user, boolean forEdit) {
    return readModel
        .message(chat, message)
        .compose(
            lookup ->
                lookup.absent()
                    ? chatExists(chat).map(known -> known ? lookup : Lookup.<MessageView>unknown())
                    : Future.succeededFuture(lookup))
        .compose(
            lookup -> {
              if (lookup.absent()) {
                return Future.failedFuture(
                    new ProblemException.NotFound("no such message: " + message));
              }
              Optional<MessageView> view = lookup.found();
              if (view.isEmpty()) {
                return Future.succeededFuture();
              }
              if (!view.get().sender().equals(user)) {
                return Future.failedFuture(
                    new ProblemException.Forbidden("only the sender may change a message"));
              }
              if (forEdit && view.get().deleted()) {
                return Future.failedFuture(
                    new ProblemException.Conflict("the message was deleted"));
              }
              return Future.succeededFuture();
            });
  }
}

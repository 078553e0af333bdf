package io.chatcqrs.command.write.deletemessage;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageDeleted;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /v1/chats/{chatId}/messages/{messageId}}: the sender deletes a message ({@link
 * MessageDeleted}); it keeps its seq. Non-members get 404, unknown messages 404, other members 403.
 * Deleting an already deleted message is accepted (idempotent).
 */
public final class DeleteMessageHandler implements Handler<RoutingContext> {
  private final CommandSupport support;

  /** A handler appending through {@code support}. */
  public DeleteMessageHandler(CommandSupport support) {
    this.support = support;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    MessageId message = CommandSupport.messageId(ctx);
    support.appendAndRespond(
        ctx,
        support
            .authorization()
            .requireMember(chat, caller)
            .compose(ok -> support.authorization().requireSender(chat, message, caller, false)),
        () ->
            new MessageDeleted(
                CommandSupport.newEventId(),
                chat,
                caller,
                CommandSupport.now(),
                ChatEvent.SCHEMA_VERSION,
                message),
        202,
        new JsonObject());
  }
}

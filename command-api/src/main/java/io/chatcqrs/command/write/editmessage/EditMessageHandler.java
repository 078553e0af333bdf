package io.chatcqrs.command.write.editmessage;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.command.write.Texts;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageEdited;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PATCH /v1/chats/{chatId}/messages/{messageId}}: the sender replaces a message's text
 * ({@link MessageEdited}). Non-members get 404, unknown messages 404, other members 403, deleted
 * messages 409.
 */
public final class EditMessageHandler implements Handler<RoutingContext> {
  private final CommandSupport support;

  /** A handler appending through {@code support}. */
  public EditMessageHandler(CommandSupport support) {
    this.support = support;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    MessageId message = CommandSupport.messageId(ctx);
    String text = Texts.requireMessageText(CommandSupport.body(ctx).getString("text"));
    support.appendAndRespond(
        ctx,
        support
            .authorization()
            .requireMember(chat, caller)
            .compose(ok -> support.authorization().requireSender(chat, message, caller, true)),
        () ->
            new MessageEdited(
                CommandSupport.newEventId(),
                chat,
                caller,
                CommandSupport.now(),
                ChatEvent.SCHEMA_VERSION,
                message,
                text),
        202,
        new JsonObject());
  }
}

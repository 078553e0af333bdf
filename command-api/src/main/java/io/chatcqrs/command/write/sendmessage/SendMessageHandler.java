package io.chatcqrs.command.write.sendmessage;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.command.write.Texts;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/chats/{chatId}/messages}: a member sends a message ({@link MessageSent}). The
 * message id is derived from (chat, sender, client_msg_id), so a retry answers the same id and the
 * projection drops the duplicate. Non-members get 404.
 */
public final class SendMessageHandler implements Handler<RoutingContext> {
  private final CommandSupport support;

  /** A handler appending through {@code support}. */
  public SendMessageHandler(CommandSupport support) {
    this.support = support;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    JsonObject body = CommandSupport.body(ctx);
    ClientMsgId clientMsgId = ClientMsgId.of(body.getString("client_msg_id"));
    String text = Texts.requireMessageText(body.getString("text"));
    MessageId message = MessageId.derive(chat, caller, clientMsgId);
    support.appendAndRespond(
        ctx,
        support.authorization().requireMember(chat, caller),
        () ->
            new MessageSent(
                CommandSupport.newEventId(),
                chat,
                caller,
                CommandSupport.now(),
                ChatEvent.SCHEMA_VERSION,
                message,
                clientMsgId,
                text),
        202,
        new JsonObject().put("message_id", message.value()));
  }
}

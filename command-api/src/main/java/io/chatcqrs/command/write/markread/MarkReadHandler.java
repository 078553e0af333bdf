package io.chatcqrs.command.write.markread;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ReadMarkerMoved;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/chats/{chatId}/read}: a member moves their read marker ({@link ReadMarkerMoved}).
 * The projection keeps markers moving forward only and clamps to the chat's last seq, so any
 * non-negative seq is accepted here. Non-members get 404.
 */
public final class MarkReadHandler implements Handler<RoutingContext> {
  private final CommandSupport support;

  /** A handler appending through {@code support}. */
  public MarkReadHandler(CommandSupport support) {
    this.support = support;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    long seq = CommandSupport.body(ctx).getLong("seq");
    support.appendAndRespond(
        ctx,
        support.authorization().requireMember(chat, caller),
        () ->
            new ReadMarkerMoved(
                CommandSupport.newEventId(),
                chat,
                caller,
                CommandSupport.now(),
                ChatEvent.SCHEMA_VERSION,
                seq),
        202,
        new JsonObject());
  }
}

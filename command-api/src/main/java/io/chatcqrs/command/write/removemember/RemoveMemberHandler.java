package io.chatcqrs.command.write.removemember;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /v1/chats/{chatId}/members/{userId}}: a member leaves (their own id), or removes
 * another member of a group ({@link MemberLeft}). Non-members get 404; removing someone else from a
 * known direct chat is 403.
 */
public final class RemoveMemberHandler implements Handler<RoutingContext> {
  private final CommandSupport support;

  /** A handler appending through {@code support}. */
  public RemoveMemberHandler(CommandSupport support) {
    this.support = support;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    UserId leaver = CommandSupport.userId(ctx);
    Future<Void> precheck = support.authorization().requireMember(chat, caller);
    if (!leaver.equals(caller)) {
      precheck =
          precheck.compose(
              ok -> support.authorization().requireGroup(chat, "removing another member"));
    }
    support.appendAndRespond(
        ctx,
        precheck,
        () ->
            new MemberLeft(
                CommandSupport.newEventId(),
                chat,
                caller,
                CommandSupport.now(),
                ChatEvent.SCHEMA_VERSION,
                leaver),
        202,
        new JsonObject());
  }
}

package io.chatcqrs.command.write.removemember;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MemberLeft;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code DELETE /v1/chats/{chatId}/members/{userId}}: a member leaves (their own id), or removes
 * another member of a group ({@link MemberLeft}). Non-members get 404; removing someone else from a
 * known direct chat is 403. Like adding a member, the 202 is given once the removal is applied to
 * the read model (the member row is gone, and every instance's verdict tail has had it), so from
 * then on the removed member is refused on every instance, even one whose verdict tail is behind;
 * past the bound the answer is 503 with {@code Retry-After} (retrying is safe: removing a member
 * who left is accepted and changes nothing).
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
    support.appendVisibleAndRespond(
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
        chat,
        List.of(leaver));
  }
}

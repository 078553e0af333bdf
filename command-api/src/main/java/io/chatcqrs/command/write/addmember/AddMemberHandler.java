package io.chatcqrs.command.write.addmember;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/chats/{chatId}/members}: a member adds a user to a group chat ({@link
 * MemberJoined}). Non-members get 404; adding to a direct chat is 403. The 202 is given once the
 * join is visible to every instance's pre-checks, so the joiner's first command is not refused; if
 * that takes longer than the bound the answer is 503 with {@code Retry-After} (retrying is safe:
 * adding a member twice is accepted and changes nothing).
 */
public final class AddMemberHandler implements Handler<RoutingContext> {
  private final CommandSupport support;

  /** A handler appending through {@code support}. */
  public AddMemberHandler(CommandSupport support) {
    this.support = support;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    UserId joiner = UserId.of(CommandSupport.body(ctx).getString("user_id"));
    support.appendVisibleAndRespond(
        ctx,
        support
            .authorization()
            .requireMember(chat, caller)
            .compose(ok -> support.authorization().requireGroup(chat, "adding members")),
        () ->
            new MemberJoined(
                CommandSupport.newEventId(),
                chat,
                caller,
                CommandSupport.now(),
                ChatEvent.SCHEMA_VERSION,
                joiner),
        chat,
        List.of(joiner));
  }
}

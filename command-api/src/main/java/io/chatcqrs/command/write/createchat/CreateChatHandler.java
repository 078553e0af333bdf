package io.chatcqrs.command.write.createchat;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.command.write.MemberAdds;
import io.chatcqrs.events.ChatCreated;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code POST /v1/chats}: creates a direct or group chat with the caller as a member and appends
 * {@link ChatCreated}. A direct chat's id is the keyed digest of the pair ({@link DirectChatIds});
 * when the read model already has it the answer is 200 instead of 201 (the event is appended anyway
 * and the projection ignores it as a duplicate create).
 *
 * <p>{@code members} lists at most {@value CommandSupport#MAX_USER_IDS_PER_REQUEST} ids (400
 * otherwise); a group's members other than the caller count against the caller's {@code
 * member-adds} rate limit (429).
 *
 * <p>The answer (201 or 200) is given only once the chat and its creators' member rows are visible
 * to every instance's pre-checks, so a command right after it is not refused; if that takes longer
 * than the bound the answer is 503 with {@code Retry-After} (the chat may still appear; a retry of
 * a direct create gives the same chat).
 */
public final class CreateChatHandler implements Handler<RoutingContext> {
  private final CommandSupport support;
  private final DirectChatIds directChatIds;
  private final MemberAdds memberAdds;

  /**
   * A handler appending through {@code support}, naming direct chats with {@code directChatIds}; a
   * group's members other than the caller count against the caller's {@code member-adds} limit
   * ({@code memberAdds}).
   */
  public CreateChatHandler(
      CommandSupport support, DirectChatIds directChatIds, MemberAdds memberAdds) {
    this.support = support;
    this.directChatIds = directChatIds;
    this.memberAdds = memberAdds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    JsonObject body = CommandSupport.body(ctx);
    ChatType type = ChatType.fromWire(body.getString("type"));
    CommandSupport.requireAtMostMaxIds("members", body.getJsonArray("members").size());
    List<UserId> others = othersThan(caller, body.getJsonArray("members"));
    String title = body.getString("title");
    ChatId chat;
    Future<Boolean> existed;
    if (type == ChatType.DIRECT) {
      if (others.size() != 1) {
        throw new ProblemException.BadRequest(
            "a direct chat has exactly one other member, got " + others.size());
      }
      chat = directChatIds.of(caller, others.get(0));
      existed = support.authorization().chatExists(chat);
    } else {
      if (others.size() + 1 > support.maxGroupMembers()) {
        throw new ProblemException.BadRequest(
            "a group has at most " + support.maxGroupMembers() + " members");
      }
      memberAdds.take(ctx, caller, others.size());
      chat = CommandSupport.newGroupChatId(ctx);
      // asking proves the read model answers before appending; a group is always 201, even when
      // its id (derived from an Idempotency-Key) exists because a first attempt answered 503
      existed = support.authorization().chatExists(chat).map(known -> false);
    }
    List<UserId> members = new ArrayList<>();
    members.add(caller);
    members.addAll(others);
    existed
        .compose(
            known ->
                support
                    .append(created(chat, caller, type, title, members))
                    .compose(position -> support.visible(ctx, position, chat, members))
                    .onSuccess(
                        position ->
                            CommandSupport.respond(
                                ctx,
                                known ? 200 : 201,
                                new JsonObject().put("chat_id", chat.value()),
                                position)))
        .onFailure(ctx::fail);
  }

  private static ChatEvent created(
      ChatId chat, UserId caller, ChatType type, String title, List<UserId> members) {
    return new ChatCreated(
        CommandSupport.newEventId(),
        chat,
        caller,
        CommandSupport.now(),
        ChatEvent.SCHEMA_VERSION,
        type,
        title,
        members);
  }

  private static List<UserId> othersThan(UserId caller, JsonArray members) {
    TreeSet<UserId> distinct = new TreeSet<>();
    for (Object member : members) {
      distinct.add(UserId.of((String) member));
    }
    distinct.remove(caller);
    return List.copyOf(distinct);
  }
}

package io.chatcqrs.command.write.addmember;

import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.command.write.MemberAdds;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MemberJoined;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.platform.position.Position;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/chats/{chatId}/members}: a member adds users to a group chat, one {@link
 * MemberJoined} per user. The body names one user ({@code {"user_id":"u"}}, v1, answered {@code
 * {"position"}}) or a batch ({@code {"user_ids":["u1",...]}}: 1 to {@value
 * CommandSupport#MAX_USER_IDS_PER_REQUEST} ids, duplicates in the list dropped keeping the first,
 * answered {@code {"position","added"}} with {@code added} the number of joins appended).
 *
 * <p>In order: the ids are counted against the caller's {@code member-adds} rate limit (429);
 * non-members get 404; adding to a direct chat is 403; a batch that would take the group past
 * {@code chat.max-group-members} (the chats row's {@code member_count} plus the listed ids that
 * {@code members_by_chat} does not have as members: an id already in the group takes no room) is
 * 409 {@code group-full}; each refusal appends nothing. A join is still appended for every listed
 * id, a member's included (the projection takes it as a duplicate), so a retry and a v1 re-add
 * answer as before. Then all joins are produced in list order (key chat_id: one partition, in this
 * order) and every acknowledgement is awaited; the 202 is given once the last join is visible to
 * every instance's pre-checks, so the joiners' first commands are not refused. If Kafka does not
 * acknowledge every join, or visibility takes longer than the bound, the answer is 503 with {@code
 * Retry-After}: some joins may have been appended, and retrying (with the same Idempotency-Key or
 * the same list) is safe because the projection takes a join of a member as a duplicate that
 * changes nothing.
 */
public final class AddMemberHandler implements Handler<RoutingContext> {
  private final CommandSupport support;
  private final MemberAdds memberAdds;

  /** A handler appending through {@code support}, limiting ids through {@code memberAdds}. */
  public AddMemberHandler(CommandSupport support, MemberAdds memberAdds) {
    this.support = support;
    this.memberAdds = memberAdds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    UserId caller = Caller.of(ctx).userId();
    ChatId chat = CommandSupport.chatId(ctx);
    JsonObject body = CommandSupport.body(ctx);
    boolean batch = body.containsKey("user_ids");
    List<UserId> joiners = joiners(body, batch);
    memberAdds.take(ctx, caller, joiners.size());
    support
        .authorization()
        .requireMember(chat, caller)
        .compose(ok -> support.authorization().requireGroup(chat, "adding members"))
        .compose(
            ok -> support.authorization().requireRoomFor(chat, joiners, support.maxGroupMembers()))
        .compose(ok -> support.appendAll(joins(chat, caller, joiners)))
        .compose(positions -> support.visible(ctx, last(positions), chat, joiners))
        .onSuccess(
            position ->
                CommandSupport.respond(
                    ctx,
                    202,
                    batch ? new JsonObject().put("added", joiners.size()) : new JsonObject(),
                    position))
        .onFailure(ctx::fail);
  }

  /** The users to add, distinct, in the order the request lists them. */
  static List<UserId> joiners(JsonObject body, boolean batch) {
    if (batch == body.containsKey("user_id")) {
      throw new ProblemException.BadRequest("give either user_id or user_ids");
    }
    if (!batch) {
      return List.of(UserId.of(body.getString("user_id")));
    }
    JsonArray ids = body.getJsonArray("user_ids");
    if (ids == null || ids.isEmpty()) {
      throw new ProblemException.BadRequest("user_ids must list at least one user id");
    }
    CommandSupport.requireAtMostMaxIds("user_ids", ids.size());
    Set<UserId> distinct = new LinkedHashSet<>();
    for (Object id : ids) {
      distinct.add(UserId.of((String) id));
    }
    return List.copyOf(distinct);
  }

  private static List<ChatEvent> joins(ChatId chat, UserId caller, List<UserId> joiners) {
    return joiners.stream()
        .<ChatEvent>map(
            joiner ->
                new MemberJoined(
                    CommandSupport.newEventId(),
                    chat,
                    caller,
                    CommandSupport.now(),
                    ChatEvent.SCHEMA_VERSION,
                    joiner))
        .toList();
  }

  private static Position last(List<Position> positions) {
    return positions.get(positions.size() - 1);
  }
}

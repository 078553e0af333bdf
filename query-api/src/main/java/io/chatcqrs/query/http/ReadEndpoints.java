package io.chatcqrs.query.http;

import io.chatcqrs.events.Ids;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.query.read.chat.ChatDetails;
import io.chatcqrs.query.read.history.History;
import io.chatcqrs.query.read.rooms.RoomList;
import io.chatcqrs.query.resilience.StaleFallback;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The handlers of the read endpoints: room lists, chat details and history. Each checks who may
 * read what (from the token alone, before any read), waits for {@code X-Chat-Position} if given,
 * and answers through {@link StaleFallback}: fresh when Cassandra answers, the last good answer
 * marked stale when it does not, 503 when there is none. Every body is built from one read of its
 * read models (a stale body is a whole earlier answer, never merged with fresh parts), and a stale
 * body never claims {@code X-Chat-Consistent: true}.
 */
public final class ReadEndpoints {
  /** The response header marking an answer served from the fallback cache. */
  public static final String STALE_HEADER = "X-Chat-Stale";

  private final RoomList rooms;
  private final ChatDetails chats;
  private final History history;
  private final StaleFallback fallback;
  private final Consistency consistency;

  /** Handlers over the given read models. */
  public ReadEndpoints(
      RoomList rooms,
      ChatDetails chats,
      History history,
      StaleFallback fallback,
      Consistency consistency) {
    this.rooms = rooms;
    this.chats = chats;
    this.history = history;
    this.fallback = fallback;
    this.consistency = consistency;
  }

  /** {@code GET /v1/me/rooms}. */
  public void myRooms(RoutingContext ctx) {
    roomsOf(ctx, Caller.of(ctx).userId().value());
  }

  /** {@code GET /v1/users/{userId}/rooms}: the same user, or a {@code chat:service} token. */
  public void userRooms(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (!Ids.isValid(userId)) {
      ctx.fail(new ProblemException.BadRequest("userId must match " + Ids.PATTERN.pattern()));
      return;
    }
    if (!Caller.of(ctx).mayActFor(UserId.of(userId))) {
      ctx.fail(new ProblemException.Forbidden("only the user or an internal service may"));
      return;
    }
    roomsOf(ctx, userId);
  }

  /** {@code GET /v1/chats/{chatId}}. */
  public void chat(RoutingContext ctx) {
    String chatId = chatId(ctx);
    if (chatId == null) {
      return;
    }
    String caller = Caller.of(ctx).userId().value();
    int membersLimit;
    String membersCursor;
    try {
      membersLimit =
          QueryParams.bounded(
              ctx,
              "members_limit",
              ChatDetails.MAX_MEMBERS_LIMIT,
              ChatDetails.DEFAULT_MEMBERS_LIMIT);
      membersCursor = QueryParams.optionalString(ctx, "members_cursor");
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    String key = "chat|" + chatId + "|" + caller + "|" + membersLimit + "|" + membersCursor;
    answer(ctx, key, () -> chats.read(chatId, caller, membersLimit, membersCursor));
  }

  /** {@code GET /v1/chats/{chatId}/messages}. */
  public void messages(RoutingContext ctx) {
    String chatId = chatId(ctx);
    if (chatId == null) {
      return;
    }
    String caller = Caller.of(ctx).userId().value();
    History.Query query;
    try {
      query =
          new History.Query(
              QueryParams.optionalLong(ctx, "before", 0),
              QueryParams.optionalLong(ctx, "after", 0),
              QueryParams.optionalString(ctx, "cursor"),
              QueryParams.limit(ctx, 50));
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    String key = "history|" + chatId + "|" + caller + "|" + query;
    answer(ctx, key, () -> history.page(chatId, caller, query));
  }

  private void roomsOf(RoutingContext ctx, String userId) {
    int limit;
    String cursor;
    try {
      limit = QueryParams.limit(ctx, 20);
      cursor = QueryParams.optionalString(ctx, "cursor");
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    String key = "rooms|" + userId + "|" + limit + "|" + cursor;
    answer(ctx, key, () -> rooms.page(userId, limit, cursor));
  }

  private void answer(RoutingContext ctx, String key, Supplier<Future<JsonObject>> read) {
    consistency
        .await(ctx)
        .compose(wait -> fallback.read(key, read).map(answer -> mark(ctx, wait, answer)))
        .onSuccess(
            answer -> {
              if (answer.stale()) {
                ctx.response().putHeader(STALE_HEADER, "true");
              }
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(answer.body());
            })
        .onFailure(ctx::fail);
  }

  private static StaleFallback.Answer mark(
      RoutingContext ctx, Consistency.Wait wait, StaleFallback.Answer answer) {
    wait.mark(ctx, answer.stale());
    return answer;
  }

  private static String chatId(RoutingContext ctx) {
    String chatId = ctx.pathParam("chatId");
    if (!Ids.isValid(chatId)) {
      ctx.fail(new ProblemException.BadRequest("chatId must match " + Ids.PATTERN.pattern()));
      return null;
    }
    return chatId;
  }
}

package io.chatcqrs.command.write;

import io.chatcqrs.command.append.EventAppender;
import io.chatcqrs.command.idempotency.ClaimedRequest;
import io.chatcqrs.command.readmodel.MessageWait;
import io.chatcqrs.command.readmodel.ReadModel;
import io.chatcqrs.command.readmodel.Visibility;
import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.Ids;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.platform.position.Position;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What every command handler shares: the appender, the read model for pre-checks, and the small
 * steps of a command (read the validated request, stamp an event, append it, answer with the
 * position). Handlers validate first and append nothing on bad input.
 */
public final class CommandSupport {
  /**
   * The most user ids one request may name: a create's {@code members}, an add-member's {@code
   * user_ids}. More is 400 and nothing is appended.
   */
  public static final int MAX_USER_IDS_PER_REQUEST = 1000;

  private final EventAppender appender;
  private final ReadModel readModel;
  private final Authorization authorization;
  private final Visibility visibility;
  private final int maxGroupMembers;

  /**
   * @param visibility waits until an appended event is visible to the pre-checks
   * @param messages the message lookup of edits and deletes, which waits for a message sent a
   *     moment ago
   * @param maxGroupMembers the most members a group may have, the creator included
   */
  public CommandSupport(
      EventAppender appender,
      ReadModel readModel,
      Visibility visibility,
      MessageWait messages,
      int maxGroupMembers) {
    this.appender = appender;
    this.readModel = readModel;
    this.authorization = new Authorization(readModel, messages);
    this.visibility = visibility;
    this.maxGroupMembers = maxGroupMembers;
  }

  /** The pre-checks against the read model. */
  public Authorization authorization() {
    return authorization;
  }

  /**
   * How long after its arrival a command may take to answer, 503s included: the contract's 5 s,
   * with room for writing the answer. Waits for visibility stop at this deadline.
   */
  public static final Duration ANSWER_WITHIN = Duration.ofMillis(4500);

  private static final String ARRIVED = "chat.command.arrived-nanos";

  /** Records when the request arrived (the first handler of every route calls it). */
  public static void arrived(RoutingContext ctx) {
    ctx.put(ARRIVED, System.nanoTime());
  }

  /** The {@link System#nanoTime()} by which the request must be answered. */
  static long answerDeadline(RoutingContext ctx) {
    Long arrived = ctx.get(ARRIVED);
    return (arrived == null ? System.nanoTime() : arrived) + ANSWER_WITHIN.toNanos();
  }

  /** The configured group size limit (members, creator included). */
  public int maxGroupMembers() {
    return maxGroupMembers;
  }

  /**
   * Completes once the event at {@code position} is visible to every instance's pre-checks, after
   * dropping what this instance cached about {@code users} in {@code chat}; fails with 503 when it
   * is not within the bound (see {@link Visibility}) or would end past the request's {@link
   * #ANSWER_WITHIN} budget.
   */
  public Future<Position> visible(
      RoutingContext ctx, Position position, ChatId chat, java.util.Collection<UserId> users) {
    return visibility
        .awaitApplied(position, answerDeadline(ctx))
        .map(
            applied -> {
              readModel.forget(chat, users);
              return position;
            });
  }

  /** Appends the event; the future carries where it went. */
  public Future<Position> append(ChatEvent event) {
    return appender.append(event);
  }

  /**
   * Appends the events in list order (one key, so one partition, in this order), answering once
   * every one is acknowledged; the future carries their positions in list order, or a 503 if any
   * was not acknowledged (see {@link EventAppender#appendAll}).
   */
  public Future<java.util.List<Position>> appendAll(java.util.List<ChatEvent> events) {
    return appender.appendAll(events);
  }

  /**
   * Runs a command's tail: after {@code precheck} succeeded, appends the event {@code event} builds
   * and answers {@code status} with {@code body} plus the position; any failure goes to the routing
   * context's failure handler.
   */
  public void appendAndRespond(
      RoutingContext ctx,
      Future<?> precheck,
      java.util.function.Supplier<ChatEvent> event,
      int status,
      JsonObject body) {
    precheck
        .compose(ok -> append(event.get()))
        .onSuccess(position -> respond(ctx, status, body, position))
        .onFailure(ctx::fail);
  }

  /**
   * As {@link #appendAndRespond}, but answers only once the event is visible to every instance's
   * pre-checks for {@code users} in {@code chat} (see {@link #visible}): membership changes.
   */
  public void appendVisibleAndRespond(
      RoutingContext ctx,
      Future<?> precheck,
      java.util.function.Supplier<ChatEvent> event,
      ChatId chat,
      java.util.Collection<UserId> users) {
    precheck
        .compose(ok -> append(event.get()))
        .compose(position -> visible(ctx, position, chat, users))
        .onSuccess(position -> respond(ctx, 202, new JsonObject(), position))
        .onFailure(ctx::fail);
  }

  /** Fails with 400 when a request names more than {@link #MAX_USER_IDS_PER_REQUEST} user ids. */
  public static void requireAtMostMaxIds(String field, int count) {
    if (count > MAX_USER_IDS_PER_REQUEST) {
      throw new ProblemException.BadRequest(
          field
              + ": at most "
              + MAX_USER_IDS_PER_REQUEST
              + " user ids per request, got "
              + count
              + " (nothing was appended)");
    }
  }

  /** A fresh event id. */
  public static String newEventId() {
    return UUID.randomUUID().toString();
  }

  /** Now, at the contract's millisecond precision. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The JSON body as validated against the OpenAPI document, after checking it is strict UTF-8. */
  public static JsonObject body(RoutingContext ctx) {
    Texts.requireUtf8(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (request == null || request.getBody() == null || request.getBody().isNull()) {
      throw new ProblemException.BadRequest("a JSON body is required");
    }
    return request.getBody().getJsonObject();
  }

  /** The {@code chatId} path parameter. */
  public static ChatId chatId(RoutingContext ctx) {
    return ChatId.of(pathId(ctx, "chatId"));
  }

  /** The {@code userId} path parameter. */
  public static UserId userId(RoutingContext ctx) {
    return UserId.of(pathId(ctx, "userId"));
  }

  /** The {@code messageId} path parameter. */
  public static MessageId messageId(RoutingContext ctx) {
    return MessageId.of(pathId(ctx, "messageId"));
  }

  /**
   * Answers {@code status} with {@code body} plus the {@code position} member; under an {@code
   * Idempotency-Key} the answer is recorded for replay first.
   */
  public static void respond(RoutingContext ctx, int status, JsonObject body, Position position) {
    String json = body.put("position", position.encode()).encode();
    ClaimedRequest.beforeAnswer(ctx, status, json)
        .onComplete(
            recorded ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(json));
  }

  /**
   * The id of a new group: derived from the caller and the {@code Idempotency-Key} when the request
   * has one (a retry names the same chat), random otherwise.
   */
  public static ChatId newGroupChatId(RoutingContext ctx) {
    return ClaimedRequest.groupChatId(ctx).orElseGet(ChatId::newGroup);
  }

  private static String pathId(RoutingContext ctx, String name) {
    String value = ctx.pathParam(name);
    if (!Ids.isValid(value)) {
      throw new ProblemException.BadRequest(name + " must match " + Ids.PATTERN.pattern());
    }
    return value;
  }
}

package io.chatcqrs.command.write;

import io.chatcqrs.command.readmodel.Lookup;
import io.chatcqrs.command.readmodel.MessageWait;
import io.chatcqrs.command.readmodel.ReadModel;
import io.chatcqrs.command.readmodel.ReadModel.MessageView;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ChatType;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.Problem;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The authoritative pre-checks against the read model: a command passes only what the read model
 * confirms, so nothing is appended for a chat that does not exist or by a non-member.
 *
 * <ul>
 *   <li>Membership comes first and is the only thing a non-member can learn: a chat that does not
 *       exist and a chat the caller is not in give the same 404 (same body, same single lookup).
 *   <li>Only for a member: the chat's type (403 for group-only operations in a direct chat) and
 *       messages (404 unknown after a short wait for one sent a moment ago, 403 another member's,
 *       409 deleted when editing).
 *   <li>When Cassandra cannot answer in time nothing can be verified: 503 with {@code Retry-After},
 *       never a pass.
 * </ul>
 */
public final class Authorization {
  /** When a client should retry a command whose pre-check could not be answered. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final ReadModel readModel;
  private final MessageWait messages;

  Authorization(ReadModel readModel, MessageWait messages) {
    this.readModel = readModel;
    this.messages = messages;
  }

  /** Fails with 404 unless {@code user} is a member of {@code chat} (which then exists). */
  public Future<Void> requireMember(ChatId chat, UserId user) {
    return readModel
        .member(chat, user)
        .compose(
            answered(
                member ->
                    member.found().isPresent()
                        ? Future.succeededFuture()
                        : Future.failedFuture(noSuchChat())));
  }

  /**
   * For a member: fails with 403 if the chat is a direct chat (group-only operations: adding
   * members, removing someone else).
   */
  public Future<Void> requireGroup(ChatId chat, String operation) {
    return readModel
        .chatType(chat)
        .compose(
            answered(
                type -> {
                  if (type.found().isEmpty()) {
                    return Future.failedFuture(noSuchChat());
                  }
                  return type.found().get() == ChatType.GROUP
                      ? Future.succeededFuture()
                      : Future.failedFuture(
                          new ProblemException.Forbidden(
                              operation + " is only possible in a group"));
                }));
  }

  /**
   * For a member of a group (call once {@link #requireGroup} passed): fails with 409 problem type
   * {@code urn:io.chatcqrs:problem:group-full} when the chat's {@code member_count} in the read
   * model plus the {@code joiners} who are not already members exceeds {@code maxMembers}. An id
   * already in the group takes no room: re-adding members (a retried batch that partly appended, a
   * v1 re-add) passes however full the group is. The count is read first; only when counting every
   * joiner would exceed the limit are the joiners looked up in {@code members_by_chat} (one read of
   * at most {@value ReadModel#MAX_MEMBERS_READ} ids on the chat's partition), so a group far from
   * its limit costs one row per request.
   *
   * @param joiners distinct ids, at most {@value ReadModel#MAX_MEMBERS_READ}
   */
  public Future<Void> requireRoomFor(ChatId chat, List<UserId> joiners, int maxMembers) {
    return readModel
        .memberCount(chat)
        .compose(
            answered(
                count -> {
                  if (count.found().isEmpty()) {
                    return Future.failedFuture(noSuchChat());
                  }
                  int members = count.found().get();
                  if ((long) members + joiners.size() <= maxMembers) {
                    return Future.succeededFuture();
                  }
                  return readModel
                      .members(chat, joiners)
                      .compose(
                          answered(
                              existing -> {
                                int already = existing.found().orElse(Set.of()).size();
                                int joining = joiners.size() - already;
                                return (long) members + joining <= maxMembers
                                    ? Future.succeededFuture()
                                    : Future.failedFuture(
                                        groupFull(members, joining, already, maxMembers));
                              }));
                }));
  }

  /**
   * The 409 of a batch of joins that would take a group past its size limit: {@code joining} new
   * members, besides {@code already} listed ids that are members.
   */
  static ProblemException groupFull(int members, int joining, int already, int maxMembers) {
    return new ProblemException(
        Problem.of(
            "group-full",
            "Group full",
            409,
            "the group has "
                + members
                + " members; adding "
                + joining
                + (already == 0 ? "" : " (besides " + already + " already members)")
                + " would exceed the limit of "
                + maxMembers
                + " (nothing was added)"));
  }

  /** Whether the read model already has the chat (for the caller's own direct chat). */
  public Future<Boolean> chatExists(ChatId chat) {
    return readModel
        .chatType(chat)
        .compose(answered(type -> Future.succeededFuture(type.found().isPresent())));
  }

  /**
   * For a member (call only once {@link #requireMember} passed): fails with 404 for a message the
   * read model does not have within the message wait (a message sent a moment ago is waited for,
   * see {@link MessageWait}), 403 when {@code user} did not send it, and, if {@code forEdit}, 409
   * when it is deleted.
   */
  public Future<Void> requireSender(ChatId chat, MessageId message, UserId user, boolean forEdit) {
    return messages
        .message(chat, message)
        .compose(
            answered(
                lookup -> {
                  if (lookup.found().isEmpty()) {
                    return Future.failedFuture(
                        new ProblemException.NotFound("no such message: " + message));
                  }
                  MessageView view = lookup.found().get();
                  if (!view.sender().equals(user)) {
                    return Future.failedFuture(
                        new ProblemException.Forbidden("only the sender may change a message"));
                  }
                  if (forEdit && view.deleted()) {
                    return Future.failedFuture(
                        new ProblemException.Conflict("the message was deleted"));
                  }
                  return Future.succeededFuture();
                }));
  }

  /**
   * The 404 of a chat that does not exist or that the caller is not a member of: one answer, the
   * same body whatever the chat id.
   */
  static ProblemException noSuchChat() {
    return new ProblemException.NotFound("no such chat");
  }

  /** Runs {@code then} on an answered lookup; an unknown one fails with 503. */
  private static <T, R> Function<Lookup<T>, Future<R>> answered(
      Function<Lookup<T>, Future<R>> then) {
    return lookup ->
        lookup.answered()
            ? then.apply(lookup)
            : Future.failedFuture(
                new ProblemException.ServiceUnavailable(
                    "the read model did not answer in time, so the command cannot be verified",
                    RETRY_AFTER));
  }
}

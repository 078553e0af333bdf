package io.chatcqrs.query.read.chat;

import io.chatcqrs.events.Ids;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.query.cursor.CursorCodec;
import io.chatcqrs.query.cursor.InvalidCursorException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A chat's details for one of its members: type, title, last seq, the member count and one page of
 * the members with their read markers, ordered by user id. The chat row, the caller's membership
 * and the member page are read concurrently; a caller who is not a member (or an unknown chat) gets
 * 404, so that a chat's existence is never revealed.
 *
 * <p>Member paging: {@code members_limit} (1-{@value #MAX_MEMBERS_LIMIT}, default {@value
 * #DEFAULT_MEMBERS_LIMIT}) members per response; {@code members_next_cursor} continues after the
 * page's last user id and is null on the last page. With the default, every chat of up to 1,000
 * members (every direct chat and every group below the fan-out threshold) answers its whole member
 * list in one response, as v1 did. Cursors are bound to the chat and the caller (tamper-proof like
 * every cursor of this service): another chat's or another caller's cursor is a 400.
 */
public final class ChatDetails {
  /** Members per response when {@code members_limit} is absent. */
  public static final int DEFAULT_MEMBERS_LIMIT = 1000;

  /** The largest {@code members_limit}. */
  public static final int MAX_MEMBERS_LIMIT = 1000;

  private final ChatRepository chats;
  private final CursorCodec cursors;

  /** Details read through {@code chats}, with member cursors made by {@code cursors}. */
  public ChatDetails(ChatRepository chats, CursorCodec cursors) {
    this.chats = chats;
    this.cursors = cursors;
  }

  /** The details of {@code chatId} with the first page of its members, as before paging. */
  public Future<JsonObject> read(String chatId, String callerId) {
    return read(chatId, callerId, DEFAULT_MEMBERS_LIMIT, null);
  }

  /**
   * The details of {@code chatId} as {@code callerId} may see them, with up to {@code membersLimit}
   * members after {@code membersCursor} (from the first when null).
   *
   * @return the response body; fails with 400 for a bad cursor and 404 for a non-member
   */
  public Future<JsonObject> read(
      String chatId, String callerId, int membersLimit, String membersCursor) {
    String after;
    try {
      after = membersCursor == null ? null : decode(chatId, callerId, membersCursor);
    } catch (InvalidCursorException e) {
      return Future.failedFuture(e);
    }
    var chat = chats.chat(chatId);
    var member = chats.isMember(chatId, callerId);
    var members = chats.members(chatId, after, membersLimit + 1);
    return Future.all(chat, member, members)
        .map(
            done -> {
              if (chat.result() == null || !member.result()) {
                throw notFound();
              }
              List<ChatRepository.Member> found = members.result();
              List<ChatRepository.Member> page =
                  found.subList(0, Math.min(membersLimit, found.size()));
              JsonArray list = new JsonArray();
              page.forEach(
                  m ->
                      list.add(
                          new JsonObject()
                              .put("user_id", m.userId())
                              .put("last_read_seq", m.lastReadSeq())));
              String next =
                  found.size() > membersLimit
                      ? encode(chatId, callerId, page.get(page.size() - 1).userId())
                      : null;
              ChatRepository.ChatRow row = chat.result();
              Integer count = row.memberCount();
              if (count == null && after == null && next == null) {
                count = page.size();
              }
              return new JsonObject()
                  .put("chat_id", row.chatId())
                  .put("type", row.type())
                  .put("title", row.title())
                  .put("last_seq", row.lastSeq())
                  .put("member_count", count)
                  .put("members", list)
                  .put("members_next_cursor", next);
            });
  }

  private String encode(String chatId, String callerId, String lastUserId) {
    return cursors.encode(binding(chatId, callerId), List.of(lastUserId));
  }

  private String decode(String chatId, String callerId, String cursor) {
    List<String> fields = cursors.decode(binding(chatId, callerId), cursor);
    if (fields.size() != 1 || !Ids.isValid(fields.get(0))) {
      throw new InvalidCursorException();
    }
    return fields.get(0);
  }

  private static String binding(String chatId, String callerId) {
    return "members/" + chatId + "/" + callerId;
  }

  /** The 404 every non-member gets. */
  public static ProblemException notFound() {
    return new ProblemException.NotFound("no such chat");
  }
}

package io.chatcqrs.query.read.history;

import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.query.cursor.CursorCodec;
import io.chatcqrs.query.cursor.InvalidCursorException;
import io.chatcqrs.query.read.chat.ChatDetails;
import io.chatcqrs.query.read.chat.ChatRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A chat's history for one of its members. Membership and the chat's last seq are read concurrently
 * first (a non-member gets 404 and no message is read), then the page is walked by {@link
 * HistoryWalker}. Cursors carry the direction and the seq bound and are bound to the chat and the
 * caller.
 */
public final class History {
  private final ChatRepository chats;
  private final HistoryWalker walker;
  private final CursorCodec cursors;

  /** History reading membership from {@code chats} and messages from {@code messages}. */
  public History(ChatRepository chats, MessageSource messages, CursorCodec cursors) {
    this.chats = chats;
    this.walker = new HistoryWalker(messages);
    this.cursors = cursors;
  }

  /**
   * The page the request asks for.
   *
   * @param query what the request asked for (before, after or cursor, and the limit)
   * @return the response body; fails with 400 for a bad cursor and 404 for a non-member
   */
  public Future<JsonObject> page(String chatId, String callerId, Query query) {
    Walk walk;
    try {
      walk = resolve(chatId, callerId, query);
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
    var member = chats.isMember(chatId, callerId);
    var chat = chats.chat(chatId);
    return Future.all(member, chat)
        .compose(
            done -> {
              if (!member.result() || chat.result() == null) {
                return Future.failedFuture(ChatDetails.notFound());
              }
              long lastSeq = chat.result().lastSeq();
              long bound = walk.bound() == null ? lastSeq + 1 : walk.bound();
              return walker.page(chatId, walk.backward(), bound, lastSeq, query.limit());
            })
        .map(
            page -> {
              JsonArray messages = new JsonArray();
              page.messages().forEach(message -> messages.add(message.toJson()));
              String next =
                  page.nextBound() == null
                      ? null
                      : encode(chatId, callerId, new Walk(walk.backward(), page.nextBound()));
              return new JsonObject().put("messages", messages).put("next_cursor", next);
            });
  }

  private Walk resolve(String chatId, String callerId, Query query) {
    int given =
        (query.before() == null ? 0 : 1)
            + (query.after() == null ? 0 : 1)
            + (query.cursor() == null ? 0 : 1);
    if (given > 1) {
      throw new ProblemException.BadRequest("use at most one of before, after and cursor");
    }
    if (query.cursor() != null) {
      return decode(chatId, callerId, query.cursor());
    }
    if (query.after() != null) {
      return new Walk(false, query.after());
    }
    return new Walk(true, query.before());
  }

  String encode(String chatId, String callerId, Walk walk) {
    return cursors.encode(
        binding(chatId, callerId),
        List.of(walk.backward() ? "b" : "a", Long.toString(walk.bound())));
  }

  Walk decode(String chatId, String callerId, String cursor) {
    List<String> fields = cursors.decode(binding(chatId, callerId), cursor);
    if (fields.size() != 2 || !(fields.get(0).equals("b") || fields.get(0).equals("a"))) {
      throw new InvalidCursorException();
    }
    try {
      long bound = Long.parseLong(fields.get(1));
      if (bound < 0) {
        throw new InvalidCursorException();
      }
      return new Walk(fields.get(0).equals("b"), bound);
    } catch (NumberFormatException e) {
      throw new InvalidCursorException();
    }
  }

  private static String binding(String chatId, String callerId) {
    return "history/" + chatId + "/" + callerId;
  }

  /**
   * What a history request asked for.
   *
   * @param before seq bound for a backward page, or null
   * @param after seq bound for a forward page, or null
   * @param cursor a previous page's next_cursor, or null
   * @param limit page size (1-100)
   */
  public record Query(Long before, Long after, String cursor, int limit) {}

  /**
   * A walk's direction and exclusive seq bound (null bound: from the newest message).
   *
   * @param backward newest first when true
   * @param bound the exclusive seq bound, or null
   */
  record Walk(boolean backward, Long bound) {}
}

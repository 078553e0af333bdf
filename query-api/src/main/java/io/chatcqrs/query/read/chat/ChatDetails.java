package io.chatcqrs.query.read.chat;

import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A chat's details for one of its members: type, title, last seq and the members with their read
 * markers. The chat row and the member list are read concurrently; a caller who is not a member (or
 * an unknown chat) gets 404, so that a chat's existence is never revealed.
 */
public final class ChatDetails {
  private final ChatRepository chats;

  /** Details read through {@code chats}. */
  public ChatDetails(ChatRepository chats) {
    this.chats = chats;
  }

  /** The details of {@code chatId} as {@code callerId} may see them. */
  public Future<JsonObject> read(String chatId, String callerId) {
    var chat = chats.chat(chatId);
    var members = chats.members(chatId);
    return Future.all(chat, members)
        .map(
            done -> {
              boolean member = members.result().stream().anyMatch(m -> m.userId().equals(callerId));
              if (chat.result() == null || !member) {
                throw notFound();
              }
              JsonArray list = new JsonArray();
              members
                  .result()
                  .forEach(
                      m ->
                          list.add(
                              new JsonObject()
                                  .put("user_id", m.userId())
                                  .put("last_read_seq", m.lastReadSeq())));
              ChatRepository.ChatRow row = chat.result();
              return new JsonObject()
                  .put("chat_id", row.chatId())
                  .put("type", row.type())
                  .put("title", row.title())
                  .put("last_seq", row.lastSeq())
                  .put("members", list);
            });
  }

  /** The 404 every non-member gets. */
  public static ProblemException notFound() {
    return new ProblemException.NotFound("no such chat");
  }
}

package io.chatcqrs.command.support;

import io.chatcqrs.infra.junit.ChatInfra;

/**
 * Writes read-model rows directly, for tests that exercise the command side without a running
 * projection: a chat's row and its members' rows, as the projection would have written them.
 */
public final class SeededChats {
  private SeededChats() {}

  /** The chat {@code chatId} of {@code type} ("group" or "direct") with {@code members}. */
  public static void chat(
      ChatInfra infra,
      ChatInfra.Isolation isolation,
      String chatId,
      String type,
      String... members) {
    String ks = isolation.keyspace();
    infra
        .session()
        .execute("INSERT INTO " + ks + ".chats (chat_id, type) VALUES (?, ?)", chatId, type);
    for (String member : members) {
      infra
          .session()
          .execute(
              "INSERT INTO " + ks + ".members_by_chat (chat_id, user_id) VALUES (?, ?)",
              chatId,
              member);
    }
  }
}

package io.chatcqrs.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A population of bench users in pairs, each pair sharing a direct chat created through the public
 * API. Load is spread over many users so that the per-user rate limits are not what is measured.
 */
public final class Users {
  private final String runId;
  private final List<String> tokens = new ArrayList<>();
  private final List<String> chats = new ArrayList<>();

  private Users(String runId) {
    this.runId = runId;
  }

  /** Bench user {@code i}'s id. */
  public String user(int i) {
    return "b" + runId + "u" + i;
  }

  /** Bench user {@code i}'s bearer token. */
  public String token(int i) {
    return tokens.get(i);
  }

  /** The direct chat of pair {@code k} (users 2k and 2k+1). */
  public String chat(int k) {
    return chats.get(k);
  }

  /** How many pairs (and chats) there are. */
  public int pairs() {
    return chats.size();
  }

  /** Creates {@code pairs} pairs and their direct chats, {@code parallelism} requests at a time. */
  public static Users create(
      Target target, WebClient client, String runId, int pairs, int parallelism) throws Exception {
    Users users = new Users(runId);
    for (int i = 0; i < pairs * 2; i++) {
      users.tokens.add(target.token(users.user(i)));
    }
    String[] chatIds = new String[pairs];
    Concurrency.forEach(
        pairs,
        parallelism,
        k ->
            createDirect(target, client, users.token(2 * k), users.user(2 * k + 1))
                .map(
                    id -> {
                      chatIds[k] = id;
                      return null;
                    }));
    users.chats.addAll(List.of(chatIds));
    return users;
  }

  private static Future<String> createDirect(
      Target target, WebClient client, String token, String peer) {
    JsonObject body =
        new JsonObject().put("type", "direct").put("members", new JsonArray().add(peer));
    return client
        .postAbs(target.commandUrl() + "/v1/chats")
        .bearerTokenAuthentication(token)
        .sendJsonObject(body)
        .compose(Users::chatId);
  }

  private static Future<String> chatId(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture(
          "create chat: " + response.statusCode() + " " + response.bodyAsString());
    }
    return Future.succeededFuture(response.bodyAsJsonObject().getString("chat_id"));
  }
}

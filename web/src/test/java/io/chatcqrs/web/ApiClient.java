package io.chatcqrs.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Sets scenes up through the same origin the page uses (demo token, proxied APIs), for the steps a
 * test does not need to click through: other users' chats and messages.
 */
final class ApiClient {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  ApiClient(String webUrl, String userId) throws Exception {
    this.base = webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl;
    JsonObject reply = send("POST", "/local/token", new JsonObject().put("user_id", userId), false);
    this.token = reply.getString("token");
  }

  String createDirect(String other) throws Exception {
    return send("POST", "/api/command/v1/chats", chat("direct", List.of(other), null), true)
        .getString("chat_id");
  }

  String createGroup(String title, List<String> members) throws Exception {
    return send("POST", "/api/command/v1/chats", chat("group", members, title), true)
        .getString("chat_id");
  }

  String sendMessage(String chatId, String text) throws Exception {
    JsonObject body =
        new JsonObject().put("client_msg_id", UUID.randomUUID().toString()).put("text", text);
    return send("POST", "/api/command/v1/chats/" + chatId + "/messages", body, true)
        .getString("message_id");
  }

  private static JsonObject chat(String type, List<String> members, String title) {
    JsonObject body = new JsonObject().put("type", type).put("members", new JsonArray(members));
    return title == null ? body : body.put("title", title);
  }

  private JsonObject send(String method, String path, JsonObject body, boolean auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    if (auth) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }
}

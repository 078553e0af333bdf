package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.reliability.hostile.Target;
import io.chatcqrs.reliability.load.ApiClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Proves the attacker changed nothing: the victim appends a sentinel message, reads with its
 * position (so every earlier event of the chat, the attacker's included, has been projected) and
 * finds only the two members and their own messages, unedited.
 */
final class VictimCheck {
  private VictimCheck() {}

  static void assertUntouched(ApiClient api, Target target, String peer) {
    String chat = "/v1/chats/" + target.victimChat();
    ApiClient.Reply sentinel =
        api.command(
                "POST",
                chat + "/messages",
                target.victim(),
                new JsonObject()
                    .put("client_msg_id", "sentinel-" + UUID.randomUUID())
                    .put("text", "sentinel"))
            .join();
    assertThat(sentinel.status()).as(sentinel.body()).isEqualTo(202);
    Map<String, String> consistent =
        Map.of("X-Chat-Position", sentinel.json().getString("position"));
    org.awaitility.Awaitility.await("victim chat projected past the sentinel")
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () ->
                "true"
                    .equals(
                        api.query(chat, target.victim(), consistent)
                            .join()
                            .headers()
                            .get("x-chat-consistent")));
    JsonObject details = api.query(chat, target.victim(), Map.of()).join().json();
    List<String> members = new ArrayList<>();
    details
        .getJsonArray("members", new JsonArray())
        .forEach(m -> members.add(((JsonObject) m).getString("user_id")));
    assertThat(members).containsExactlyInAnyOrder(target.victim(), peer);
    JsonArray messages =
        api.query(chat + "/messages?limit=100", target.victim(), Map.of())
            .join()
            .json()
            .getJsonArray("messages");
    for (Object o : messages) {
      JsonObject m = (JsonObject) o;
      assertThat(m.getString("sender_id")).isEqualTo(target.victim());
      assertThat(m.getBoolean("deleted", false)).isFalse();
      assertThat(m.getValue("edited_at")).isNull();
    }
    assertThat(messages.getJsonObject(messages.size() - 1).getString("text"))
        .isEqualTo(target.secretMarker());
  }
}

package io.chatcqrs.reliability.hostile;

import static io.chatcqrs.reliability.hostile.HostileCorpus.COMMAND_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.QUERY_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.fill;
import static io.chatcqrs.reliability.hostile.HostileCorpus.json;
import static io.chatcqrs.reliability.hostile.HostileCorpus.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The access part of the hostile corpus: every endpoint with forged, expired, wrong-algorithm,
 * {@code alg: none} and malformed tokens (must be 401, or 429 once the per-IP limit on failed
 * authentication applies), and the attacker's valid token against the victim's chat, message and
 * room list (must be 403 or 404, never the victim's data).
 */
final class AccessCorpus {
  private AccessCorpus() {}

  static List<HostileRequest> build(Target target) {
    List<HostileRequest> out = new ArrayList<>();
    String auth = "Bearer " + target.attackerToken();
    String chat = "/v1/chats/" + target.victimChat();
    // forged, expired, wrong-algorithm, alg none tokens, on every endpoint
    for (Map.Entry<String, String> token :
        HostileTokens.all(target.secret(), target.victim()).entrySet()) {
      for (String[] e : COMMAND_ENDPOINTS.subList(0, 7)) {
        out.add(
            raw(
                "forged and broken tokens",
                false,
                e[0],
                fill(e[1], target),
                List.of(
                    new String[] {"Authorization", token.getValue()},
                    new String[] {"Content-Type", "application/json"}),
                "{\"type\":\"direct\",\"members\":[\"x\"],\"client_msg_id\":\"f\",\"text\":\"t\",\"seq\":1,\"user_id\":\"x\"}"
                    .getBytes(),
                true));
      }
      for (String[] e : QUERY_ENDPOINTS.subList(0, 5)) {
        out.add(
            raw(
                "forged and broken tokens",
                true,
                e[0],
                fill(e[1], target),
                List.<String[]>of(new String[] {"Authorization", token.getValue()}),
                null,
                false));
      }
      out.add(
          raw(
              "forged and broken tokens",
              true,
              "GET",
              "/v1/me/events?access_token="
                  + token.getValue().replace("Bearer ", "").replace(" ", "%20"),
              List.of(),
              null,
              false));
    }
    // other users' resources, as the attacker with a valid token
    String m = chat + "/messages/" + target.victimMessage();
    out.add(
        raw(
            "other users' resources",
            true,
            "GET",
            chat,
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false));
    out.add(
        raw(
            "other users' resources",
            true,
            "GET",
            chat + "/messages",
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false));
    out.add(
        raw(
            "other users' resources",
            true,
            "GET",
            chat + "/messages?after=0&limit=100",
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false));
    out.add(
        raw(
            "other users' resources",
            true,
            "GET",
            "/v1/users/" + target.victim() + "/rooms",
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false));
    out.add(
        json(
            "other users' resources",
            "POST",
            chat + "/messages",
            auth,
            "{\"client_msg_id\":\"evil\",\"text\":\"pwned\"}".getBytes()));
    out.add(json("other users' resources", "PATCH", m, auth, "{\"text\":\"pwned\"}".getBytes()));
    out.add(json("other users' resources", "DELETE", m, auth, null));
    out.add(json("other users' resources", "POST", chat + "/read", auth, "{\"seq\":1}".getBytes()));
    out.add(
        json(
            "other users' resources",
            "POST",
            chat + "/members",
            auth,
            ("{\"user_id\":\"" + target.attacker() + "\"}").getBytes()));
    out.add(
        json("other users' resources", "DELETE", chat + "/members/" + target.victim(), auth, null));
    return out;
  }
}

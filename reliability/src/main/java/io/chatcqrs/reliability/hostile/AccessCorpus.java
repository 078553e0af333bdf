package io.chatcqrs.reliability.hostile;

import static io.chatcqrs.reliability.hostile.HostileCorpus.COMMAND_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.NOT_MEMBER;
import static io.chatcqrs.reliability.hostile.HostileCorpus.QUERY_ENDPOINTS;
import static io.chatcqrs.reliability.hostile.HostileCorpus.fill;
import static io.chatcqrs.reliability.hostile.HostileCorpus.json;
import static io.chatcqrs.reliability.hostile.HostileCorpus.raw;

import io.chatcqrs.reliability.process.ChatServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The access part of the hostile corpus:
 *
 * <ul>
 *   <li>every endpoint with forged, expired, wrong-algorithm, {@code alg: none} and malformed
 *       tokens, in the header and as {@code ?access_token=}: 401 (a 429 of the per-IP limit on
 *       failed authentication is waited out and the request sent again);
 *   <li>the SSE endpoint with a valid token as {@code ?access_token=} (accepted only where the
 *       service is configured to: {@link ChatServices#SSE_ACCESS_TOKEN_ACCEPTED}) and with forged
 *       tickets (401);
 *   <li>the attacker's valid token against the victim's chat, message and room list: 404 for the
 *       chat and its history, 403 or 404 for another user's room list, and 404 with nothing
 *       appended for every command (send, edit, delete, read marker, adding oneself, removing the
 *       victim);
 *   <li>every command on a well-formed id of a chat that does not exist, and edits and deletes of a
 *       message that does not exist in the attacker's own chat: 404.
 * </ul>
 */
final class AccessCorpus {
  private static final Expect UNAUTHORIZED = Expect.of("invalid token: 401", 401);

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
                true,
                UNAUTHORIZED));
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
                false,
                UNAUTHORIZED));
      }
      String inQuery = token.getValue().replace("Bearer ", "").replace(" ", "%20");
      out.add(
          raw(
              "forged and broken tokens",
              true,
              "GET",
              "/v1/me/events?access_token=" + inQuery,
              List.of(),
              null,
              false,
              inQuery.length() > 4000
                  ? Expect.of("invalid token, request line over the limit: 401 or 414", 401, 414)
                  : UNAUTHORIZED));
    }
    // the live stream's other ways in
    out.add(
        raw(
            "live stream authentication",
            true,
            "GET",
            "/v1/me/events?access_token=" + target.attackerToken(),
            List.of(),
            null,
            false,
            ChatServices.SSE_ACCESS_TOKEN_ACCEPTED
                ? Expect.of("valid ?access_token= where configured to accept it: 200", 200)
                : Expect.of("?access_token= on a service not configured to accept it: 401", 401)));
    for (String ticket : List.of("forged-ticket-0123456789", "", "../../x", "%00")) {
      out.add(
          raw(
              "live stream authentication",
              true,
              "GET",
              "/v1/me/events?ticket=" + ticket,
              List.of(),
              null,
              false,
              Expect.of("unknown or malformed ticket: 401", 401)));
    }
    // other users' resources, as the attacker with a valid token
    String m = chat + "/messages/" + target.victimMessage();
    Expect hidden = Expect.of("someone else's chat: 404 (existence not revealed)", 404);
    for (String path : List.of(chat, chat + "/messages", chat + "/messages?after=0&limit=100")) {
      out.add(
          raw(
              "other users' resources",
              true,
              "GET",
              path,
              List.<String[]>of(new String[] {"Authorization", auth}),
              null,
              false,
              hidden));
    }
    out.add(
        raw(
            "other users' resources",
            true,
            "GET",
            "/v1/users/" + target.victim() + "/rooms",
            List.<String[]>of(new String[] {"Authorization", auth}),
            null,
            false,
            Expect.of("another user's room list without chat:service: 403 or 404", 403, 404)));
    out.addAll(commands("other users' resources", target, chat, m, target.victim()));
    // commands on a chat that does not exist, and on messages that do not exist
    String unknown = "/v1/chats/" + target.unknownChat();
    out.addAll(
        commands(
            "unknown chats and messages",
            target,
            unknown,
            unknown + "/messages/" + target.victimMessage(),
            target.attacker()));
    String own = "/v1/chats/" + target.attackerChat() + "/messages/m-" + target.unknownChat();
    Expect unknownMessage = Expect.of("unknown message: 404, nothing appended", 404);
    out.add(
        json(
            "unknown chats and messages",
            "PATCH",
            own,
            auth,
            "{\"text\":\"x\"}".getBytes(),
            unknownMessage));
    out.add(json("unknown chats and messages", "DELETE", own, auth, null, unknownMessage));
    return out;
  }

  /**
   * Every command of the attacker on {@code chat} (a chat they are not a member of, or one that
   * does not exist), with a valid body: send, edit and delete {@code message}, move the read
   * marker, add themselves, remove {@code removed}.
   */
  static List<HostileRequest> commands(
      String kind, Target target, String chat, String message, String removed) {
    String auth = "Bearer " + target.attackerToken();
    return List.of(
        json(
            kind,
            "POST",
            chat + "/messages",
            auth,
            "{\"client_msg_id\":\"evil\",\"text\":\"pwned\"}".getBytes(),
            NOT_MEMBER),
        json(kind, "PATCH", message, auth, "{\"text\":\"pwned\"}".getBytes(), NOT_MEMBER),
        json(kind, "DELETE", message, auth, null, NOT_MEMBER),
        json(kind, "POST", chat + "/read", auth, "{\"seq\":1}".getBytes(), NOT_MEMBER),
        json(
            kind,
            "POST",
            chat + "/members",
            auth,
            ("{\"user_id\":\"" + target.attacker() + "\"}").getBytes(),
            NOT_MEMBER),
        json(kind, "DELETE", chat + "/members/" + removed, auth, null, NOT_MEMBER));
  }
}

package io.chatcqrs.reliability.hostile;

/**
 * What a hostile suite aims at: an attacker with a valid token and a chat of their own, a victim's
 * chat and message that the attacker must never see or change (their text contains {@code
 * secretMarker}), and a well-formed id of a chat that was never created.
 *
 * @param attackerChat a chat the attacker is a member of: requests on it reach the body checks
 * @param unknownChat a valid chat id no chat has: every command on it is 404 and appends nothing
 */
public record Target(
    String secret,
    String attacker,
    String attackerToken,
    String attackerChat,
    String victim,
    String victimChat,
    String victimMessage,
    String secretMarker,
    String unknownChat) {}

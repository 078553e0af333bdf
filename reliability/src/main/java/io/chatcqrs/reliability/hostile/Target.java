package io.chatcqrs.reliability.hostile;

/**
 * What a hostile suite aims at: an attacker with a valid token, and a victim's chat and message
 * that the attacker must never see or change (their text contains {@code secretMarker}).
 */
public record Target(
    String secret,
    String attacker,
    String attackerToken,
    String victim,
    String victimChat,
    String victimMessage,
    String secretMarker) {}

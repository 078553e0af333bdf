package io.chatcqrs.query.live.ticket;

import io.chatcqrs.events.Ids;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Authenticated;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks live-stream tickets without any shared state but the key: a ticket is {@code
 * <payload>.<signature>}, both base64url, the payload a small JSON object (user, service flag, the
 * bearer token's expiry, the ticket's expiry in milliseconds, a 128-bit random nonce) and the
 * signature its HMAC-SHA256 under the ticket key. Every instance configured with the same key
 * accepts every other's tickets. Clients treat tickets as opaque.
 *
 * <p>Promises: {@link #decode} accepts only a ticket this key signed, unchanged, before its expiry
 * (compared in constant time; anything else is {@link ProblemException.Unauthorized}); single use
 * is not checked here but by {@link UsedTickets}. Thread-safe.
 */
public final class TicketCodec {
  /** The smallest ticket key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String CONTEXT = "chat live-stream ticket v1.";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
  private static final int MAX_LENGTH = 1024;

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * A codec signing with {@code key} (at least {@value #MIN_KEY_BYTES} bytes) whose tickets are
   * valid for {@code ttl}.
   */
  public TicketCodec(byte[] key, Duration ttl, Clock clock) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the live-stream ticket key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * The key for {@code configured} (the {@code sse.ticket-secret} setting), or, when none is
   * configured, one derived from the JWT secret (HMAC-SHA256 of a fixed label), so that instances
   * sharing the JWT secret share ticket keys without more configuration, while a ticket is never a
   * valid JWT signature and vice versa.
   */
  public static byte[] key(String configured, String jwtSecret) {
    if (configured != null && !configured.isBlank()) {
      byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "sse.ticket-secret must be at least " + MIN_KEY_BYTES + " bytes");
      }
      return bytes;
    }
    return hmac(
        new SecretKeySpec(jwtSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
        "chat live-stream ticket key");
  }

  /** How long a ticket is valid. */
  public Duration ttl() {
    return ttl;
  }

  /**
   * A new ticket for {@code credentials}: valid for the ticket lifetime, or until the token expires
   * if that comes first.
   */
  public Ticket issue(Authenticated credentials) {
    Instant expiresAt = clock.instant().plus(ttl);
    Instant tokenExpiry = credentials.expiresAt();
    if (tokenExpiry != null && tokenExpiry.isBefore(expiresAt)) {
      expiresAt = tokenExpiry;
    }
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return new Ticket(credentials.caller(), tokenExpiry, expiresAt, B64.encodeToString(nonce));
  }

  /** The ticket as the opaque string handed to the client. */
  public String encode(Ticket ticket) {
    JsonObject claims =
        new JsonObject()
            .put("sub", ticket.userId().value())
            .put("svc", ticket.caller().service())
            .put(
                "tex",
                ticket.tokenExpiresAt() == null ? null : ticket.tokenExpiresAt().toEpochMilli())
            .put("exp", ticket.expiresAt().toEpochMilli())
            .put("n", ticket.nonce());
    String payload = B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    return payload + "." + B64.encodeToString(hmac(key, CONTEXT + payload));
  }

  /**
   * The ticket {@code text} stands for, if this key signed it and it has not expired.
   *
   * @throws ProblemException.Unauthorized otherwise
   */
  public Ticket decode(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      throw refused("the ticket is malformed");
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.')) {
      throw refused("the ticket is malformed");
    }
    String payload = text.substring(0, dot);
    byte[] signature;
    JsonObject claims;
    try {
      signature = B64_DECODER.decode(text.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, hmac(key, CONTEXT + payload))) {
        throw refused("the ticket is not valid");
      }
      claims = new JsonObject(new String(B64_DECODER.decode(payload), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException e) {
      throw refused("the ticket is malformed");
    }
    try {
      String sub = claims.getString("sub");
      long expiresAt = claims.getLong("exp");
      Long tokenExpiry = claims.getLong("tex");
      String nonce = claims.getString("n");
      if (sub == null || !Ids.isValid(sub) || nonce == null) {
        throw refused("the ticket is malformed");
      }
      if (clock.millis() >= expiresAt) {
        throw refused("the ticket has expired");
      }
      return new Ticket(
          new Caller(UserId.of(sub), Boolean.TRUE.equals(claims.getBoolean("svc"))),
          tokenExpiry == null ? null : Instant.ofEpochMilli(tokenExpiry),
          Instant.ofEpochMilli(expiresAt),
          nonce);
    } catch (ClassCastException | NullPointerException e) {
      throw refused("the ticket is malformed");
    }
  }

  private static ProblemException.Unauthorized refused(String detail) {
    return new ProblemException.Unauthorized(
        detail + "; get a new one with POST /v1/me/events/tickets");
  }

  private static byte[] hmac(SecretKeySpec key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

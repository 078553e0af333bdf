package io.chatcqrs.platform.auth;

import io.chatcqrs.events.UserId;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 tokens that {@link JwtAuthenticator} accepts: for tests, the local runner's demo
 * tokens and the benchmark. Needs no Vert.x instance. Thread-safe.
 */
public final class TokenIssuer {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] secret;
  private final Clock clock;

  /** An issuer signing with {@code secret} (at least 32 bytes, as the verifier demands). */
  public TokenIssuer(String secret) {
    this(secret, Clock.systemUTC());
  }

  /** As {@link #TokenIssuer(String)} with a clock (to mint already-expired tokens in tests). */
  public TokenIssuer(String secret, Clock clock) {
    JwtAuthenticator.options(secret);
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A user's token valid for {@code ttl}. */
  public String userToken(UserId user, Duration ttl) {
    return sign(claims(user, ttl));
  }

  /** An internal service's token ({@code scope: chat:service}) valid for {@code ttl}. */
  public String serviceToken(UserId service, Duration ttl) {
    return sign(claims(service, ttl).put("scope", JwtAuthenticator.SERVICE_SCOPE));
  }

  /** The standard claims: {@code sub}, {@code iat}, {@code exp}. */
  public JsonObject claims(UserId user, Duration ttl) {
    long now = clock.instant().getEpochSecond();
    return new JsonObject()
        .put("sub", user.value())
        .put("iat", now)
        .put("exp", now + ttl.toSeconds());
  }

  /** Signs arbitrary claims with HS256 (tests use it for tokens with odd claims). */
  public String sign(JsonObject claims) {
    String header =
        B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + payload;
    return signingInput + "." + B64.encodeToString(hmacSha256(signingInput));
  }

  private byte[] hmacSha256(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

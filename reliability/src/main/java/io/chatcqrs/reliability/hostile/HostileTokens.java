package io.chatcqrs.reliability.hostile;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authorization header values that must all be refused with 401 (a 429 of the per-IP limit on
 * failed authentication is waited out by the suite): forged, expired, unsigned, wrongly signed and
 * malformed tokens.
 */
public final class HostileTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private HostileTokens() {}

  /** Name to {@code Authorization} header value, for the victim {@code user}. */
  public static Map<String, String> all(String secret, String user) {
    Map<String, String> t = new LinkedHashMap<>();
    TokenIssuer forger = new TokenIssuer("not-the-secret-but-32-bytes-long-xxxxx");
    TokenIssuer expired =
        new TokenIssuer(
            secret, Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
    JsonObject claims =
        new JsonObject()
            .put("sub", user)
            .put("iat", Instant.now().getEpochSecond())
            .put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
    t.put("forged signature", "Bearer " + forger.userToken(UserId.of(user), Duration.ofHours(1)));
    t.put(
        "forged service scope",
        "Bearer " + forger.serviceToken(UserId.of("svc"), Duration.ofHours(1)));
    t.put("expired", "Bearer " + expired.userToken(UserId.of(user), Duration.ofMinutes(5)));
    t.put("alg none", "Bearer " + token("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims, ""));
    t.put("alg None", "Bearer " + token("{\"alg\":\"None\"}", claims, ""));
    t.put(
        "alg HS512 signed with the secret",
        "Bearer " + signed("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims, secret, "HmacSHA512"));
    t.put(
        "alg RS256 with an HMAC signature",
        "Bearer " + signed("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims, secret, "HmacSHA256"));
    t.put(
        "HS256 header, signature stripped",
        "Bearer " + token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, ""));
    TokenIssuer real = new TokenIssuer(secret);
    t.put("sub with path tricks", "Bearer " + real.sign(claims.copy().put("sub", "../admin")));
    t.put("sub too long", "Bearer " + real.sign(claims.copy().put("sub", "x".repeat(65))));
    t.put("sub missing", "Bearer " + real.sign(claims.copy().put("sub", (String) null)));
    t.put("nbf in the future", "Bearer " + real.sign(claims.copy().put("nbf", 4102444800L)));
    t.put("garbage", "Bearer !!!.???.***");
    t.put("two segments", "Bearer abc.def");
    t.put("empty bearer", "Bearer ");
    t.put("basic scheme", "Basic dXNlcjpwYXNz");
    t.put("huge token", "Bearer " + "A".repeat(7000));
    t.put("json header not base64", "Bearer {\"alg\":\"none\"}.{}.");
    return t;
  }

  /**
   * A correctly signed HS256 token whose {@code exp} is text: answered 500 today instead of 401
   * (vertx-auth-jwt throws ClassCastException out of {@code JWTAuth.authenticate}, see
   * RELIABILITY.md, bug 1), so it is kept out of {@link #all} and tested on its own.
   */
  public static String expAsText(String secret, String user) {
    return new TokenIssuer(secret)
        .sign(
            new JsonObject()
                .put("sub", user)
                .put("iat", Instant.now().getEpochSecond())
                .put("exp", "tomorrow"));
  }

  private static String token(String header, JsonObject claims, String signature) {
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8))
        + "."
        + signature;
  }

  private static String signed(String header, JsonObject claims, String secret, String algorithm) {
    String input =
        B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

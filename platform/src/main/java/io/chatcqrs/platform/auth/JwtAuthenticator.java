package io.chatcqrs.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatcqrs.events.Ids;
import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Verifies the API's bearer tokens: JWTs signed with HS256 and the shared secret ({@code
 * CHAT_JWT_SECRET}, at least 32 bytes), through vertx-auth-jwt.
 *
 * <p>A token is accepted only if its header says {@code "alg":"HS256"}, its signature verifies, it
 * has not expired ({@code exp}, no leeway) and its {@code sub} is a valid user id. Tokens with
 * {@code alg: none}, any other algorithm, a forged signature or a malformed structure are refused
 * with {@link ProblemException.Unauthorized}. A {@code scope} (space-separated, OAuth style)
 * containing {@value #SERVICE_SCOPE} marks an internal service.
 *
 * <p>A token that verified is remembered (up to 10,000 tokens, each for at most 5 minutes), so that
 * a client sending many requests with the same token pays for the signature check once: a profile
 * of the send path showed the verification as about a tenth of the command API's CPU. A remembered
 * token is still refused from the second its {@code exp} passes; only the signature check and the
 * parsing are skipped, and only for the exact token string that passed them.
 */
public final class JwtAuthenticator {
  /** The only signing algorithm accepted. */
  public static final String ALGORITHM = "HS256";

  /** The scope that marks an internal service's token. */
  public static final String SERVICE_SCOPE = "chat:service";

  /** The minimum secret length in bytes (HS256 wants a key as long as its hash). */
  public static final int MIN_SECRET_BYTES = 32;

  private final JWTAuth auth;
  private final Clock clock;
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  /**
   * An authenticator for tokens signed with {@code secret}.
   *
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes (UTF-8)
   */
  public JwtAuthenticator(Vertx vertx, String secret) {
    this(vertx, secret, Clock.systemUTC());
  }

  JwtAuthenticator(Vertx vertx, String secret, Clock clock) {
    this.auth = JWTAuth.create(vertx, options(secret));
    this.clock = clock;
  }

  static JWTAuthOptions options(String secret) {
    if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    return new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setLeeway(0));
  }

  /**
   * Verifies a raw token (without the {@code Bearer } prefix).
   *
   * @return the caller, or a future failed with {@link ProblemException.Unauthorized}
   */
  public Future<Caller> authenticate(String token) {
    return verify(token).map(Authenticated::caller);
  }

  /**
   * As {@link #authenticate} and also answers until when the token holds (its {@code exp}).
   *
   * @return the caller and expiry, or a future failed with {@link ProblemException.Unauthorized}
   */
  public Future<Authenticated> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ProblemException.Unauthorized("a bearer token is required"));
    }
    Verified known = verified.getIfPresent(token);
    if (known != null) {
      if (clock.instant().getEpochSecond() < known.expiresAt()) {
        return Future.succeededFuture(
            new Authenticated(known.caller(), Instant.ofEpochSecond(known.expiresAt())));
      }
      verified.invalidate(token);
      return Future.failedFuture(invalid());
    }
    String algorithm = headerAlgorithm(token);
    if (!ALGORITHM.equals(algorithm)) {
      return Future.failedFuture(
          new ProblemException.Unauthorized("the token must be signed with " + ALGORITHM));
    }
    Future<io.vertx.ext.auth.User> verified;
    try {
      verified = auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      // a validly signed token with a claim of the wrong type (e.g. a textual exp) throws here
      verified = Future.failedFuture(e);
    }
    return verified
        .recover(failure -> Future.failedFuture(invalid()))
        .compose(
            user ->
                toCaller(user.principal())
                    .map(caller -> new Authenticated(caller, remember(token, caller, user))));
  }

  /**
   * Remembers a verified token until its {@code exp} and answers the {@code exp}; a token without
   * one is not remembered (null).
   */
  private Instant remember(String token, Caller caller, io.vertx.ext.auth.User user) {
    // vertx-auth keeps the JWT's time claims among the user's attributes
    if (user.attributes().getValue("exp") instanceof Number seconds) {
      this.verified.put(token, new Verified(caller, seconds.longValue()));
      return Instant.ofEpochSecond(seconds.longValue());
    }
    return null;
  }

  private static ProblemException invalid() {
    return new ProblemException.Unauthorized("the token is invalid or expired");
  }

  /** A token that passed verification: its caller and its {@code exp} (epoch seconds). */
  private record Verified(Caller caller, long expiresAt) {}

  /**
   * The token a request carries: the {@code Authorization: Bearer} header, or (if allowed) the
   * {@code access_token} query parameter for clients that cannot set headers (EventSource).
   *
   * @return the token, or null when the request carries none
   */
  public static String tokenOf(RoutingContext ctx, boolean acceptQueryToken) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null) {
      String trimmed = header.trim();
      if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return trimmed.substring(7).trim();
      }
      return "";
    }
    if (acceptQueryToken) {
      return ctx.request().getParam("access_token");
    }
    return null;
  }

  private static Future<Caller> toCaller(JsonObject claims) {
    Object subject = claims.getValue("sub");
    if (!(subject instanceof String sub) || !Ids.isValid(sub)) {
      return Future.failedFuture(
          new ProblemException.Unauthorized("the token's sub must be a valid user id"));
    }
    Object scope = claims.getValue("scope");
    boolean service =
        scope instanceof String scopes
            && Arrays.asList(scopes.trim().split("\\s+")).contains(SERVICE_SCOPE);
    return Future.succeededFuture(new Caller(UserId.of(sub), service));
  }

  private static String headerAlgorithm(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
      Object alg = new JsonObject(new String(header, StandardCharsets.UTF_8)).getValue("alg");
      return alg instanceof String name ? name : null;
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }
}

package io.chatcqrs.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef-test";
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  static Vertx vertx;
  static JwtAuthenticator authenticator;
  final TokenIssuer issuer = new TokenIssuer(SECRET);

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    authenticator = new JwtAuthenticator(vertx, SECRET);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void should_accept_a_valid_user_token() {
    Caller caller =
        authenticator
            .authenticate(issuer.userToken(UserId.of("u1"), Duration.ofMinutes(5)))
            .await();

    assertThat(caller).isEqualTo(new Caller(UserId.of("u1"), false));
  }

  @Test
  void should_answer_the_token_expiry_first_and_from_memory() {
    JsonObject claims = issuer.claims(UserId.of("u1"), Duration.ofMinutes(5));
    String token = issuer.sign(claims);
    Instant exp = Instant.ofEpochSecond(claims.getLong("exp"));

    Authenticated first = authenticator.verify(token).await();
    Authenticated remembered = authenticator.verify(token).await();

    assertThat(first).isEqualTo(new Authenticated(new Caller(UserId.of("u1"), false), exp));
    assertThat(remembered).isEqualTo(first);
    assertThat(authenticator.verify(issuer.sign(new JsonObject().put("sub", "u2"))).await())
        .isEqualTo(new Authenticated(new Caller(UserId.of("u2"), false), null));
  }

  @Test
  void should_mark_service_tokens() {
    Caller caller =
        authenticator
            .authenticate(issuer.serviceToken(UserId.of("push"), Duration.ofMinutes(5)))
            .await();

    assertThat(caller.service()).isTrue();
    assertThat(caller.mayActFor(UserId.of("anyone"))).isTrue();
  }

  @Test
  void should_refuse_an_expired_token() {
    TokenIssuer past =
        new TokenIssuer(SECRET, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));

    assertRefused(past.userToken(UserId.of("u1"), Duration.ofMinutes(5)));
  }

  @Test
  void a_remembered_token_is_still_refused_once_it_expires() {
    Instant now = Instant.now();
    MovableClock clock = new MovableClock(now);
    JwtAuthenticator remembering = new JwtAuthenticator(vertx, SECRET, clock);
    String token = issuer.userToken(UserId.of("u2"), Duration.ofMinutes(5));

    assertThat(remembering.authenticate(token).await().userId()).isEqualTo(UserId.of("u2"));
    clock.now = now.plus(Duration.ofMinutes(4));
    assertThat(remembering.authenticate(token).await().userId()).isEqualTo(UserId.of("u2"));
    clock.now = now.plus(Duration.ofMinutes(5)).plusSeconds(1);
    assertThatThrownBy(() -> remembering.authenticate(token).await())
        .isInstanceOf(ProblemException.Unauthorized.class);
  }

  @Test
  void a_remembered_token_does_not_vouch_for_a_forged_one() {
    String token = issuer.userToken(UserId.of("u3"), Duration.ofMinutes(5));
    authenticator.authenticate(token).await();
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";

    assertRefused(forged);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void should_refuse_a_forged_signature() {
    String forged =
        new TokenIssuer(SECRET + "-other").userToken(UserId.of("u1"), Duration.ofHours(1));

    assertRefused(forged);
  }

  @Test
  void should_refuse_alg_none() {
    String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(UTF8));
    String claims = B64.encodeToString(claims("u1").encode().getBytes(UTF8));

    assertRefused(header + "." + claims + ".");
    assertRefused(header + "." + claims);
  }

  @Test
  void should_refuse_another_algorithm_even_with_the_right_secret() throws Exception {
    assertRefused(signed("HS512", "HmacSHA512", claims("u1")));
    assertRefused(signed("HS384", "HmacSHA384", claims("u1")));
  }

  @Test
  void should_refuse_a_subject_that_is_not_a_user_id() {
    assertRefused(issuer.sign(claims("not a valid id!")));
    assertRefused(issuer.sign(claims("u1").put("sub", 17)));
    assertRefused(issuer.sign(claims("u1").putNull("sub")));
  }

  @Test
  void should_refuse_garbage_and_missing_tokens() {
    assertRefused("garbage");
    assertRefused("a.b.c");
    assertRefused("");
    assertRefused(null);
  }

  @Test
  void should_refuse_short_secrets() {
    assertThatThrownBy(() -> new JwtAuthenticator(vertx, "too-short"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonObject claims(String sub) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", sub).put("iat", now).put("exp", now + 600);
  }

  private static String signed(String alg, String macName, JsonObject claims) throws Exception {
    String header =
        B64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(UTF8));
    String input = header + "." + B64.encodeToString(claims.encode().getBytes(UTF8));
    Mac mac = Mac.getInstance(macName);
    mac.init(new SecretKeySpec(SECRET.getBytes(UTF8), macName));
    return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(UTF8)));
  }

  private static void assertRefused(String token) {
    assertThatThrownBy(() -> authenticator.authenticate(token).await())
        .isInstanceOf(ProblemException.Unauthorized.class);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}

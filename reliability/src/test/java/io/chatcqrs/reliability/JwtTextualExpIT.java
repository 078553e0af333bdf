package io.chatcqrs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.platform.auth.JwtAuthenticator;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.reliability.hostile.HostileTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bug 1 of RELIABILITY.md, in isolation: a correctly signed token whose {@code exp} claim is text
 * must be refused as unauthorized (a failed future), not throw out of {@code authenticate} (which
 * the services turn into a 500). Fails until JwtAuthenticator catches it. Named *IT only so that
 * failsafe runs it: a failing unit test would stop `mvn verify` before the fault suite runs.
 */
class JwtTextualExpIT {
  private static final String SECRET = "unit-secret-0123456789abcdef0123456789";
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void a_signed_token_whose_exp_is_text_fails_as_unauthorized() throws Exception {
    JwtAuthenticator authenticator = new JwtAuthenticator(vertx, SECRET);
    Future<?> result;
    try {
      result = authenticator.authenticate(HostileTokens.expAsText(SECRET, "alice"));
    } catch (RuntimeException thrown) {
      throw new AssertionError("authenticate threw instead of failing the future", thrown);
    }
    Throwable failure =
        result
            .toCompletionStage()
            .toCompletableFuture()
            .handle((ok, e) -> e)
            .get(5, TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    assertThat(failure.getCause() != null ? failure.getCause() : failure)
        .isInstanceOf(ProblemException.Unauthorized.class);
  }
}

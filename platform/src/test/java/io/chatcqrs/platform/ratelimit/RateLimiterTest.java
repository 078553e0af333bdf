package io.chatcqrs.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.http.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void should_allow_the_burst_then_refuse_with_retry_after() {
    List<String> limited = new ArrayList<>();
    RateLimiter limiter =
        RateLimiter.fromConfig(ServiceConfig.of(new JsonObject())).onLimited(limited::add);

    for (int i = 0; i < 20; i++) {
      RateLimitDecision decision = limiter.tryConsume(RateLimitPolicy.MESSAGES, "u1");
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remaining()).isEqualTo(19 - i);
    }
    RateLimitDecision refused = limiter.tryConsume(RateLimitPolicy.MESSAGES, "u1");

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.headers())
        .containsEntry("RateLimit-Limit", "20")
        .containsEntry("RateLimit-Remaining", "0");
    assertThat(Long.parseLong(refused.headers().get("RateLimit-Reset"))).isBetween(9L, 10L);
    ProblemException.TooManyRequests problem = refused.toProblem("slow down");
    assertThat(problem.problem().status()).isEqualTo(429);
    assertThat(problem.headers()).containsEntry("Retry-After", "1").containsKey("RateLimit-Reset");
    assertThat(limited).containsExactly(RateLimitPolicy.MESSAGES);
    assertThat(limiter.tryConsume(RateLimitPolicy.MESSAGES, "u2").allowed()).isTrue();
  }

  @Test
  void should_take_policies_from_config() {
    RateLimiter limiter =
        RateLimiter.fromConfig(
            ServiceConfig.of(
                new JsonObject()
                    .put("ratelimit.commands.capacity", 2)
                    .put("ratelimit.commands.refill-tokens", 1)
                    .put("ratelimit.commands.refill-period-ms", 60_000)));

    assertThat(limiter.tryConsume(RateLimitPolicy.COMMANDS, "u1").allowed()).isTrue();
    assertThat(limiter.tryConsume(RateLimitPolicy.COMMANDS, "u1").allowed()).isTrue();
    RateLimitDecision refused = limiter.tryConsume(RateLimitPolicy.COMMANDS, "u1");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.toProblem("x").headers().get("Retry-After")).isIn("59", "60");
  }

  @Test
  void should_take_many_tokens_at_once_all_or_none() {
    RateLimiter limiter = RateLimiter.fromConfig(ServiceConfig.of(new JsonObject()));

    RateLimitDecision big = limiter.tryConsume(RateLimitPolicy.MEMBER_ADDS, "u1", 4000);
    RateLimitDecision tooMany = limiter.tryConsume(RateLimitPolicy.MEMBER_ADDS, "u1", 1001);
    RateLimitDecision rest = limiter.tryConsume(RateLimitPolicy.MEMBER_ADDS, "u1", 1000);

    assertThat(big.allowed()).isTrue();
    assertThat(big.remaining()).isEqualTo(1000);
    assertThat(tooMany.allowed()).as("refused, taking nothing").isFalse();
    assertThat(tooMany.headers())
        .containsEntry("RateLimit-Limit", "5000")
        .containsEntry("RateLimit-Remaining", "1000");
    assertThat(tooMany.nanosToRetry()).isPositive();
    assertThat(rest.allowed()).isTrue();
    assertThat(rest.remaining()).isZero();
  }

  @Test
  void should_allow_everything_when_disabled() {
    RateLimiter limiter = new RateLimiter(false, RateLimitPolicy.contractDefaults(), 10);

    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryConsume(RateLimitPolicy.SSE_CONNECTS, "u1").allowed()).isTrue();
    }
    assertThat(limiter.policies())
        .containsKeys(RateLimitPolicy.READS, RateLimitPolicy.AUTH_FAILURES);
    assertThat(RateLimitPolicy.contractDefaults().get(RateLimitPolicy.READS))
        .isEqualTo(new RateLimitPolicy("reads", 200, 100, java.time.Duration.ofSeconds(1)));
  }
}

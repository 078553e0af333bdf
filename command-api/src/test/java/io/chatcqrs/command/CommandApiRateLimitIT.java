package io.chatcqrs.command;

import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.command.support.EventLog;
import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.SeededChats;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Over the limit: 429 problem+json with Retry-After and the three RateLimit headers. */
@ChatInfraTest
class CommandApiRateLimitIT {
  static RunningCommandApi api;
  static EventLog log;

  @BeforeAll
  static void start(ChatInfra infra) {
    ChatInfra.Isolation isolation = infra.isolate();
    api =
        RunningCommandApi.start(
            infra,
            isolation,
            Map.of(
                "ratelimit.auth-failures.capacity", 5,
                "ratelimit.auth-failures.refill-tokens", 5,
                "ratelimit.auth-failures.refill-period-ms", 60_000));
    log = new EventLog(infra.bootstrapServers(), isolation.topics().chatEvents());
    SeededChats.chat(infra, isolation, "g-quinn", "group", "quinn");
    SeededChats.chat(infra, isolation, "g-rita", "group", "rita");
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void should_allow_a_burst_of_20_messages_then_answer_429_with_the_four_headers() {
    // 20 in a burst, refilled at 2/s: the 21st (or, on a slow machine, one of the next few) is 429
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> ok = sendAs("quinn", i);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
      assertThat(ok.headers().firstValue("RateLimit-Limit")).hasValue("20");
      assertThat(ok.headers().firstValue("RateLimit-Remaining")).isPresent();
      assertThat(ok.headers().firstValue("RateLimit-Reset")).isPresent();
    }
    HttpResponse<String> limited = sendAs("quinn", 20);
    long before = log.count();
    for (int n = 21; limited.statusCode() == 202 && n < 40; n++) {
      before = log.count();
      limited = sendAs("quinn", n);
    }

    assertProblem(limited, 429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 10L);
    assertThat(limited.headers().firstValue("RateLimit-Limit")).hasValue("20");
    assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
    assertThat(Long.parseLong(limited.headers().firstValue("RateLimit-Reset").orElseThrow()))
        .isBetween(1L, 10L);
    assertThat(log.count()).isEqualTo(before);
    assertThat(sendAs("rita", 0).statusCode()).isEqualTo(202);
  }

  @Test
  void should_limit_requests_without_a_valid_token_per_ip() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> unauthorized = anonymous();
      assertProblem(unauthorized, 401);
      assertThat(unauthorized.headers().firstValue("RateLimit-Limit")).hasValue("5");
    }

    HttpResponse<String> limited = anonymous();

    assertProblem(limited, 429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.headers().firstValue("RateLimit-Remaining")).hasValue("0");
    assertThat(limited.headers().firstValue("RateLimit-Reset")).isPresent();
  }

  private static HttpResponse<String> sendAs(String user, int n) {
    return api.call(
        "POST",
        "/v1/chats/g-" + user + "/messages",
        user,
        "{\"client_msg_id\":\"c" + n + "\",\"text\":\"hi\"}");
  }

  private static HttpResponse<String> anonymous() {
    return api.send(
        "POST",
        "/v1/chats/g1/messages",
        "Bearer forged",
        "{\"client_msg_id\":\"c\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8),
        "application/json");
  }
}

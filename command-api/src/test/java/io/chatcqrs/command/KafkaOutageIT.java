package io.chatcqrs.command;

import static io.chatcqrs.command.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.command.support.RunningCommandApi;
import io.chatcqrs.command.support.SeededChats;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the broker stopped a send answers 503 with Retry-After within 5 s; once the broker is back
 * the same service instance appends again. Stops the shared broker, so failsafe runs it last
 * (alphabetical order) and it always restarts the broker.
 */
@ChatInfraTest
class KafkaOutageIT {
  static ChatInfra infra;
  static RunningCommandApi api;
  static final AtomicInteger sends = new AtomicInteger();

  @BeforeAll
  static void start(ChatInfra chatInfra) {
    infra = chatInfra;
    Assumptions.assumeTrue(infra.embedded(), "needs the embedded broker to stop it");
    ChatInfra.Isolation isolation = infra.isolate();
    SeededChats.chat(infra, isolation, "g-outage", "group", "sam");
    api = RunningCommandApi.start(infra, isolation, Map.of("ratelimit.enabled", false));
  }

  @AfterAll
  static void stop() {
    try {
      if (infra != null && infra.embedded() && !infra.kafka().isRunning()) {
        infra.kafka().start();
      }
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  @Test
  void should_answer_503_within_5_s_while_kafka_is_down_and_recover_without_restart() {
    assertThat(send().statusCode()).isEqualTo(202);

    infra.kafka().stop();
    try {
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        HttpResponse<String> response = send();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
      }
    } finally {
      infra.kafka().start();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(send().statusCode()).isEqualTo(202));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = send();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
  }

  private static HttpResponse<String> send() {
    return api.call(
        "POST",
        "/v1/chats/g-outage/messages",
        "sam",
        "{\"client_msg_id\":\"c" + sends.incrementAndGet() + "\",\"text\":\"hi\"}");
  }
}

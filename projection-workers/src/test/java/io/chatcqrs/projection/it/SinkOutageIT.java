package io.chatcqrs.projection.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.junit.ChatInfraExtension;
import io.chatcqrs.projection.Workload;
import io.chatcqrs.projection.app.PartStatus;
import io.chatcqrs.projection.app.ProjectionWorkers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cassandra down and then Kafka down while the sink retries a batch: the rewind to the committed
 * offsets fails too (Kafka TimeoutException), and the sink must go on retrying rather than end its
 * thread; it is not ready meanwhile, stays alive, and writes once both are back. Needs the embedded
 * servers (it stops them; it always starts them again).
 */
@ExtendWith(ChatInfraExtension.class)
class SinkOutageIT {

  @Test
  void the_sink_survives_a_failing_rewind_and_catches_up(ChatInfra infra) throws Exception {
    Assumptions.assumeTrue(infra.embedded(), "needs the embedded servers to stop them");
    ChatInfra.Isolation iso = infra.isolate();
    Map<String, Object> config = new HashMap<>(Workers.config(infra, iso, "outage", Map.of()));
    ReadModelProbe probe = new ReadModelProbe(infra.session(), iso.keyspace());
    Workload w = new Workload();
    try (ProjectionWorkers workers = Workers.inProcess(config)) {
      Workers.send(infra, iso, w.group("g", "alice", "bob"), w.send("g", "alice", "m1"));
      await("processing")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> probe.visible("g", "alice", "m1", "bob", 1));

      infra.cassandra().stop();
      try {
        Workers.send(infra, iso, w.send("g", "alice", "m2"));
        await("the sink not ready after failed batches")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> !sink(workers.status()).ready());
        System.out.println("SinkOutageIT: Cassandra down: " + sink(workers.status()).detail());
        assertThat(sink(workers.status()).detail()).contains("batches failed in a row");

        infra.kafka().stop();
        try {
          await("a rewind failed on Kafka")
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> sink(workers.status()).detail().contains(TimeoutException.class.getName()));
          System.out.println("SinkOutageIT: Kafka down too: " + sink(workers.status()).detail());
          assertThat(sink(workers.liveness()).ready())
              .as(sink(workers.liveness()).detail())
              .isTrue();
        } finally {
          infra.kafka().start();
        }
      } finally {
        infra.cassandra().start();
      }
      await("m2 visible once both are back, without a restart")
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> probe.visible("g", "alice", "m2", "bob", 2));
      assertThat(sink(workers.liveness()).ready()).isTrue();
      await("ready again")
          .atMost(Duration.ofSeconds(60))
          .until(() -> sink(workers.status()).ready());
    }
  }

  private static PartStatus sink(List<PartStatus> parts) {
    return parts.stream().filter(p -> p.part().equals("sink")).findFirst().orElseThrow();
  }
}

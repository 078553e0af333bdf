package io.chatcqrs.projection.it;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.infra.process.ChildJvm;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.app.Main;
import io.chatcqrs.projection.app.ProjectionConfig;
import io.chatcqrs.projection.app.ProjectionWorkers;
import io.cloudevents.CloudEvent;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Test helpers: worker configuration, in-process and child-process workers, the event producer. */
final class Workers {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * SEAM for issue 13 (the lead wires it if the projection's key differs): the projection's setting
   * of the group size above which a group is in fan-out-on-read mode, as docs/large-groups.md names
   * it. ITs that compare with a {@code ReferenceModel} pass it with the model's threshold.
   */
  static final String FANOUT_READ_THRESHOLD = "chat.fanout-read-threshold";

  /**
   * SEAM for issue 13: the one setting of the largest group, shared by the command side and the
   * projection (it replaced {@code projection.max-group-members}).
   */
  static final String MAX_GROUP_MEMBERS = "chat.max-group-members";

  private Workers() {}

  /** Appends {@code events} to the isolation's chat.events.v1, as the command side does. */
  static void send(ChatInfra infra, ChatInfra.Isolation iso, ChatEvent... events) throws Exception {
    produce(infra.bootstrapServers(), iso.topics().chatEvents(), List.of(events));
  }

  /** {@code GET http://127.0.0.1:<port><path>} of a worker's HTTP endpoint (health, metrics). */
  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The flat configuration of a worker instance named {@code instance}. */
  static Map<String, Object> config(
      ChatInfra infra, ChatInfra.Isolation iso, String instance, Map<String, Object> extra) {
    Map<String, Object> c = new HashMap<>(infra.serviceConfig(iso));
    c.put("projection.application.id", iso.topicPrefix() + "projection");
    c.put("projection.sink.group.id", iso.topicPrefix() + "sink");
    c.put("projection.http.port", "-1");
    c.put(
        "projection.streams.state.dir",
        Path.of("target", "it-state", iso.topicPrefix() + instance).toAbsolutePath().toString());
    c.put("projection.streams.kafka.consumer.session.timeout.ms", "6000");
    c.put("projection.streams.kafka.consumer.heartbeat.interval.ms", "1000");
    c.put("projection.streams.kafka.producer.linger.ms", "5");
    c.put("projection.streams.kafka.commit.interval.ms", "200");
    c.put("projection.sink.kafka.session.timeout.ms", "6000");
    c.put("projection.sink.kafka.heartbeat.interval.ms", "1000");
    c.put("projection.sink.max-poll-records", "2000");
    c.putAll(extra);
    return c;
  }

  /**
   * Like {@link #config} but with the clients' default session timeouts (45 s), as in production,
   * so that a restart that waits for a dead predecessor's session shows.
   */
  static Map<String, Object> productionTimeouts(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>(config);
    c.remove("projection.streams.kafka.consumer.session.timeout.ms");
    c.remove("projection.streams.kafka.consumer.heartbeat.interval.ms");
    c.remove("projection.sink.kafka.session.timeout.ms");
    c.remove("projection.sink.kafka.heartbeat.interval.ms");
    return c;
  }

  static ProjectionWorkers inProcess(Map<String, Object> config) {
    return ProjectionWorkers.start(ProjectionConfig.of(config), ProjectionMetrics.noop());
  }

  /**
   * The same workers in a child JVM started as in production ({@link Main} with a JSON config
   * file), to be killed abruptly.
   */
  static ChildJvm childProcess(Map<String, Object> config, String name) throws IOException {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path file = Path.of("target", "it-config", name + ".json").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, new JsonObject(new HashMap<>(config)).encodePrettily());
    return ChildJvm.builder(name)
        .classpath(cp)
        .mainClass(Main.class.getName())
        .jvmArgs(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))
        .args(file.toString())
        .logFile(Path.of("target", "it-logs", name + ".log").toAbsolutePath())
        .start();
  }

  /** Produces events as the command side does; returns the last offset per partition. */
  static Map<Integer, Long> produce(String bootstrap, String topic, List<ChatEvent> events)
      throws Exception {
    Map<String, Object> p = new HashMap<>(ChatCloudEvents.producerConfig());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    Map<Integer, Long> last = new TreeMap<>();
    try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(p)) {
      List<java.util.concurrent.Future<RecordMetadata>> acks = new java.util.ArrayList<>();
      for (ChatEvent e : events) {
        acks.add(producer.send(ChatCloudEvents.record(topic, e)));
      }
      for (var ack : acks) {
        RecordMetadata m = ack.get(30, TimeUnit.SECONDS);
        last.merge(m.partition(), m.offset(), Math::max);
      }
    }
    return last;
  }
}

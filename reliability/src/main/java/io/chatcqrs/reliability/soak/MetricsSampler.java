package io.chatcqrs.reliability.soak;

import io.chatcqrs.reliability.process.ChatServices;
import io.chatcqrs.reliability.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples the running services: heap in use of command-api and query-api (from their Prometheus
 * {@code /metrics}), resident memory of every service process, and the consumer lag of the
 * projection's two consumer groups (end offsets minus committed offsets, from the Kafka admin API).
 */
public final class MetricsSampler implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ChatServices services;
  private final Admin admin;

  /** A sampler of {@code services} whose Kafka is at {@code bootstrap}. */
  public MetricsSampler(ChatServices services, String bootstrap) {
    this.services = services;
    this.admin =
        Admin.create(
            Map.of(
                "bootstrap.servers", bootstrap,
                "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000));
  }

  /**
   * One sample.
   *
   * @param commandHeap bytes of heap in use in command-api (-1 when unreadable)
   * @param queryHeap bytes of heap in use in query-api (-1 when unreadable)
   * @param workerRss resident bytes of the first projection worker
   * @param lag total lag of the Streams application and the sink, in records
   */
  public record Sample(Instant at, long commandHeap, long queryHeap, long workerRss, long lag) {}

  /** Takes a sample now. */
  public Sample sample() {
    return new Sample(
        Instant.now(),
        heapUsed(services.commandApi()),
        heapUsed(services.queryApi()),
        services.worker().residentBytes(),
        lag(services.streamsGroup()) + lag(services.sinkGroup()));
  }

  /**
   * Bytes of heap in use according to the service's {@code /metrics}; -1 when unreadable three
   * times in a row (a single scrape can time out on a loaded machine).
   */
  public static long heapUsed(ServiceProcess service) {
    long heap = -1;
    for (int attempt = 0; attempt < 3 && heap < 0; attempt++) {
      heap = scrapeHeap(service);
    }
    return heap;
  }

  private static long scrapeHeap(ServiceProcess service) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/metrics"))
              .timeout(Duration.ofSeconds(5))
              .build();
      String text = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
      double sum = 0;
      boolean found = false;
      for (String line : text.split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
      return found ? (long) sum : -1;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The group's lag summed over its partitions; -1 when Kafka does not answer. */
  public long lag(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        if (e.getValue() != null && end.containsKey(e.getKey())) {
          lag += Math.max(0, end.get(e.getKey()).offset() - e.getValue().offset());
        }
      }
      return lag;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }
  }

  /** The values of one field over {@code samples}, skipping unreadable (-1) ones. */
  public static List<Double> series(
      List<Sample> samples, java.util.function.ToLongFunction<Sample> field) {
    return samples.stream().mapToLong(field).filter(v -> v >= 0).mapToObj(v -> (double) v).toList();
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}

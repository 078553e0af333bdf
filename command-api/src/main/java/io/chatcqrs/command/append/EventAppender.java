package io.chatcqrs.command.append;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.http.ProblemException;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.platform.position.Position;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends chat events to {@code chat.events.v1} (key = chat id, CloudEvents binary mode) and
 * completes only when the broker acknowledged the write ({@code acks=all}, idempotent producer).
 *
 * <p>Promises: the returned future succeeds with the event's {@link Position} after the send's
 * callback succeeded; it fails with {@link ProblemException.ServiceUnavailable} (503, Retry-After)
 * when Kafka does not acknowledge within the bounded delivery time ({@link ProducerSettings}), and
 * never later than {@code append.deadline-ms} (default 3.5 s) even if the client misbehaves. The
 * producer's blocking {@code send} (it waits up to {@code max.block.ms} for metadata) runs on a
 * dedicated worker pool, never on an event loop. A producer that reaches a fatal state is replaced
 * by a new one, so appends recover without a restart once the broker is back.
 */
public final class EventAppender {
  private static final Logger LOG = LoggerFactory.getLogger(EventAppender.class);

  private final Vertx vertx;
  private final String topic;
  private final ProducerSettings settings;
  private final ProducerFactory factory;
  private final WorkerExecutor sender;
  private final Duration deadline;
  private final Duration retryAfter;
  private final Timer acknowledged;
  private final Timer failed;
  private volatile Producer<String, CloudEvent> producer;

  /** Creates the producer through {@code factory}; call {@link #close()} when done. */
  public EventAppender(
      Vertx vertx, String topic, ServiceConfig config, Metrics metrics, ProducerFactory factory) {
    this.vertx = vertx;
    this.topic = topic;
    this.settings = ProducerSettings.from(config);
    this.factory = factory;
    this.deadline = config.millis("append.deadline-ms", Duration.ofMillis(3500));
    this.retryAfter = config.millis("append.retry-after-ms", Duration.ofSeconds(2));
    this.sender =
        vertx.createSharedWorkerExecutor(
            "chat-event-appender",
            config.integer("append.sender-threads", 8),
            10,
            TimeUnit.SECONDS);
    this.acknowledged =
        metrics.timer("chat_produce_latency", "time until Kafka acknowledged", "outcome", "ok");
    this.failed =
        metrics.timer("chat_produce_latency", "time until Kafka acknowledged", "outcome", "error");
  }

  /** An appender with a real {@link KafkaProducer}. */
  public static EventAppender kafka(
      Vertx vertx, String topic, ServiceConfig config, Metrics metrics) {
    return new EventAppender(vertx, topic, config, metrics, KafkaProducer::new);
  }

  /** Creates the producer off the event loop; the future completes when it exists. */
  public Future<Void> start() {
    return sender
        .executeBlocking(() -> producer = factory.create(settings.asMap()), false)
        .mapEmpty();
  }

  /**
   * Appends the event; completes on the calling context with where it was written.
   *
   * @return the position, or a failure with {@link ProblemException.ServiceUnavailable}
   */
  public Future<Position> append(ChatEvent event) {
    Context context = vertx.getOrCreateContext();
    Promise<Position> result = Promise.promise();
    long started = System.nanoTime();
    ProducerRecord<String, CloudEvent> record = ChatCloudEvents.record(topic, event);
    long guard =
        vertx.setTimer(
            deadline.toMillis(),
            id -> result.tryFail(unavailable("Kafka did not acknowledge in time")));
    sender
        .executeBlocking(
            () -> {
              Producer<String, CloudEvent> current = producer;
              current.send(
                  record,
                  (metadata, failure) ->
                      context.runOnContext(v -> complete(result, current, metadata, failure)));
              return null;
            },
            false)
        .onFailure(failure -> complete(result, producer, null, failure));
    return result
        .future()
        .onComplete(
            ar -> {
              vertx.cancelTimer(guard);
              (ar.succeeded() ? acknowledged : failed)
                  .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            });
  }

  /**
   * Appends the events in this order, all sent by one task on the sender pool (so records of one
   * key land in their partition in list order; the idempotent producer keeps that order through
   * retries), then awaits every acknowledgement. Completes on the calling context once every send
   * is settled: with the positions in list order when all were acknowledged, else with {@link
   * ProblemException.ServiceUnavailable} (some events may have been appended). The same deadline as
   * {@link #append} bounds the whole batch.
   */
  public Future<List<Position>> appendAll(List<ChatEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Context context = vertx.getOrCreateContext();
    long started = System.nanoTime();
    List<Promise<Position>> results = new ArrayList<>(events.size());
    List<ProducerRecord<String, CloudEvent>> records = new ArrayList<>(events.size());
    for (ChatEvent event : events) {
      results.add(Promise.promise());
      records.add(ChatCloudEvents.record(topic, event));
    }
    long guard =
        vertx.setTimer(
            deadline.toMillis(),
            id ->
                results.forEach(
                    result -> result.tryFail(unavailable("Kafka did not acknowledge in time"))));
    sender
        .executeBlocking(
            () -> {
              Producer<String, CloudEvent> current = producer;
              for (int i = 0; i < records.size(); i++) {
                Promise<Position> result = results.get(i);
                current.send(
                    records.get(i),
                    (metadata, failure) ->
                        context.runOnContext(v -> complete(result, current, metadata, failure)));
              }
              return null;
            },
            false)
        .onFailure(failure -> results.forEach(result -> complete(result, producer, null, failure)));
    List<Future<Position>> futures = results.stream().map(Promise::future).toList();
    return Future.join(futures)
        .transform(
            settled -> {
              vertx.cancelTimer(guard);
              (settled.succeeded() ? acknowledged : failed)
                  .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              return settled.succeeded()
                  ? Future.succeededFuture(futures.stream().map(Future::result).toList())
                  : Future.failedFuture(settled.cause());
            });
  }

  /** Closes the producer (waiting briefly for in-flight sends) and the worker pool. */
  public Future<Void> close() {
    return sender
        .executeBlocking(
            () -> {
              if (producer != null) {
                producer.close(Duration.ofSeconds(2));
              }
              return null;
            },
            false)
        .eventually(sender::close)
        .mapEmpty();
  }

  private void complete(
      Promise<Position> result,
      Producer<String, CloudEvent> used,
      RecordMetadata metadata,
      Throwable failure) {
    if (failure == null) {
      result.tryComplete(new Position(metadata.partition(), metadata.offset()));
      return;
    }
    if (ProducerFailures.isFatal(failure)) {
      replace(used, failure);
    }
    LOG.debug("append failed", failure);
    result.tryFail(unavailable("Kafka is unavailable: " + failure.getClass().getSimpleName()));
  }

  private synchronized void replace(Producer<String, CloudEvent> broken, Throwable cause) {
    if (producer != broken) {
      return;
    }
    LOG.warn("the Kafka producer failed fatally ({}); replacing it", cause.toString());
    sender.executeBlocking(
        () -> {
          synchronized (this) {
            if (producer == broken) {
              producer = factory.create(settings.asMap());
            }
          }
          broken.close(Duration.ZERO);
          return null;
        },
        false);
  }

  private ProblemException unavailable(String detail) {
    return new ProblemException.ServiceUnavailable(detail, retryAfter);
  }

  /** Creates producers; the seam tests use to inject a failing one. */
  @FunctionalInterface
  public interface ProducerFactory {
    /** A new producer with these settings. */
    Producer<String, CloudEvent> create(java.util.Map<String, Object> settings);
  }
}

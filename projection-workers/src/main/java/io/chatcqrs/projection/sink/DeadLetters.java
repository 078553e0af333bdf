package io.chatcqrs.projection.sink;

import io.chatcqrs.events.projection.DeadLetterHeaders;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends records the sink cannot use to the dead-letter topic, waiting for the broker's ack. */
final class DeadLetters implements AutoCloseable {
  /** The stage name in the dead-letter headers. */
  static final String STAGE = "projection.cassandra-sink";

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;

  DeadLetters(SinkSettings settings) {
    this.topic = settings.topics().deadLetter();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
  }

  /** Sends {@code failed} with {@code reason}; throws if the broker does not acknowledge it. */
  void send(ConsumerRecord<String, byte[]> failed, String reason)
      throws InterruptedException, ExecutionException, TimeoutException {
    var headers =
        DeadLetterHeaders.of(
            failed.headers(), STAGE, reason, failed.topic(), failed.partition(), failed.offset());
    producer
        .send(new ProducerRecord<>(topic, null, failed.key(), failed.value(), headers))
        .get(40, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

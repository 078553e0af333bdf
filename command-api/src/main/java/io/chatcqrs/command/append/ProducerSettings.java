package io.chatcqrs.command.append;

import io.chatcqrs.events.codec.ChatCloudEvents;
import io.chatcqrs.platform.config.ServiceConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The command side's producer settings, chosen for durability first, then throughput, with every
 * wait bounded so that a send fails within about 4 s when the brokers are unreachable:
 *
 * <ul>
 *   <li>Durability: {@code enable.idempotence=true}, {@code acks=all}: no loss, no duplicates on
 *       retry, order kept per partition (so per chat).
 *   <li>Throughput: {@code linger.ms=5} (batching at a cost of at most 5 ms), {@code
 *       batch.size=65536} (64 KiB batches: many small chat events per request), {@code
 *       compression.type=lz4} (cheap on CPU, good on JSON).
 *   <li>Bounded waits: {@code max.block.ms=1500} (metadata wait inside send), {@code
 *       request.timeout.ms=1500}, {@code delivery.timeout.ms=3000} (the whole send including
 *       retries; must be at least linger + request timeout), fast reconnects ({@code
 *       reconnect.backoff.max.ms=1000}).
 * </ul>
 *
 * Any {@code kafka.producer.<name>} setting overrides the producer property {@code <name>}.
 */
public record ProducerSettings(Map<String, Object> asMap) {
  private static final String OVERRIDE_PREFIX = "kafka.producer.";

  /** Copies the map. */
  public ProducerSettings {
    asMap = Map.copyOf(asMap);
  }

  /** The settings for the configured bootstrap servers, with overrides applied. */
  public static ProducerSettings from(ServiceConfig config) {
    Map<String, Object> props = new HashMap<>(ChatCloudEvents.producerConfig());
    props.put("bootstrap.servers", config.string("kafka.bootstrap.servers"));
    props.put("client.id", config.string("kafka.client.id", "chat-command-api"));
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    props.put("max.in.flight.requests.per.connection", "5");
    props.put("linger.ms", "5");
    props.put("batch.size", Integer.toString(64 * 1024));
    props.put("compression.type", "lz4");
    props.put("max.block.ms", "1500");
    props.put("request.timeout.ms", "1500");
    props.put("delivery.timeout.ms", "3000");
    props.put("retry.backoff.ms", "100");
    props.put("retry.backoff.max.ms", "1000");
    props.put("reconnect.backoff.ms", "50");
    props.put("reconnect.backoff.max.ms", "1000");
    props.put("socket.connection.setup.timeout.ms", "1000");
    props.put("socket.connection.setup.timeout.max.ms", "2000");
    config
        .toJson()
        .forEach(
            entry -> {
              if (entry.getKey().startsWith(OVERRIDE_PREFIX) && entry.getValue() != null) {
                props.put(
                    entry.getKey().substring(OVERRIDE_PREFIX.length()),
                    entry.getValue().toString());
              }
            });
    return new ProducerSettings(props);
  }
}

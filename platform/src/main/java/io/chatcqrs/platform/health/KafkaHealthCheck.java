package io.chatcqrs.platform.health;

import io.chatcqrs.platform.async.Futures;
import io.vertx.core.Future;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Kafka answers: an {@link Admin#describeCluster} with a short timeout returns a cluster id. The
 * admin client is the caller's (create it once; it reconnects by itself).
 */
public final class KafkaHealthCheck implements HealthCheck {
  private final Admin admin;
  private final Duration timeout;

  /** Checks with {@code admin}, waiting at most {@code timeout} for an answer. */
  public KafkaHealthCheck(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Future<Void> check() {
    return Futures.from(
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                .clusterId()
                .toCompletionStage())
        .mapEmpty();
  }
}

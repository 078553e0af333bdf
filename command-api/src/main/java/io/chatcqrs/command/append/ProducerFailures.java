package io.chatcqrs.command.append;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which producer failures leave the producer unusable. Timeouts and other retriable errors (the
 * broker is away) are not fatal: the same producer recovers when the broker returns. Fencing,
 * sequence loss, auth and version errors, a closed producer, or a bare {@link KafkaException} (the
 * idempotent producer's "previous request failed" state) are: the producer must be replaced.
 */
final class ProducerFailures {
  private ProducerFailures() {}

  static boolean isFatal(Throwable failure) {
    Throwable cause = failure;
    if (cause instanceof RetriableException) {
      return false;
    }
    if (cause instanceof ProducerFencedException
        || cause instanceof OutOfOrderSequenceException
        || cause instanceof AuthenticationException
        || cause instanceof AuthorizationException
        || cause instanceof UnsupportedVersionException
        || cause instanceof IllegalStateException) {
      return true;
    }
    return cause instanceof KafkaException && !(cause instanceof ApiException);
  }
}

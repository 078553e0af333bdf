package io.chatcqrs.infra.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests a real Kafka and Cassandra as a {@link ChatInfra} parameter
 * (constructor, lifecycle or test method).
 *
 * <p>Where they come from, in order: {@code KAFKA_BOOTSTRAP_SERVERS} / {@code
 * CASSANDRA_CONTACT_POINTS} (and {@code CASSANDRA_LOCAL_DC}) from the environment, nothing started;
 * else Testcontainers when a Docker engine answers; else {@link
 * io.chatcqrs.infra.kafka.EmbeddedKafka} and {@link io.chatcqrs.infra.cassandra.EmbeddedCassandra}
 * as child JVMs with data under {@code target/chat-infra/} and free ports. {@code
 * -Dchat.infra=embedded|containers} forces a choice. They are started once per test JVM, on first
 * use, and stopped when the JVM exits; a start failure is remembered and reported to every later
 * test instead of being retried.
 */
public final class ChatInfraExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedInfra.get();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ChatInfra.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return SharedInfra.get();
  }
}

package io.chatcqrs.infra.junit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.infra.cassandra.EmbeddedCassandra;
import io.chatcqrs.infra.kafka.EmbeddedKafka;
import io.chatcqrs.infra.provision.Provisioner;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A real Kafka and a real Cassandra for a test, shared by every test of the JVM: what {@link
 * ChatInfraExtension} injects. Tests isolate themselves with their own topic prefix and keyspace
 * ({@link #isolate()}), never by restarting servers.
 */
public interface ChatInfra {

  String bootstrapServers();

  /** The contact points, in the {@code host:port,host:port} form of the services' config. */
  String cassandraContactPoints();

  /** The first contact point. */
  InetSocketAddress cassandraContactPoint();

  List<InetSocketAddress> cassandraContactPointList();

  String localDatacenter();

  /** A session shared by all tests, bound to no keyspace; do not close it. */
  CqlSession session();

  /** A topic prefix no other test of this JVM uses, e.g. {@code "it7q2-"}. */
  String newTopicPrefix();

  /** A keyspace name no other test of this JVM uses, e.g. {@code "it_7q2_3"}; not created. */
  String newKeyspace();

  /**
   * Creates the topics of {@code ChatTopics.withPrefix(topicPrefix)} and migrates {@code keyspace}.
   */
  Provisioner.Result provision(String topicPrefix, String keyspace);

  /** A new topic prefix and keyspace, fully provisioned. */
  default Isolation isolate() {
    String prefix = newTopicPrefix();
    String keyspace = newKeyspace();
    provision(prefix, keyspace);
    return new Isolation(prefix, keyspace, ChatTopics.withPrefix(prefix));
  }

  /**
   * The flat configuration the services' verticles read ({@code kafka.bootstrap.servers}, {@code
   * cassandra.contact.points}, ...), for the given isolation; add {@code http.port} and {@code
   * jwt.secret} as the test needs.
   */
  default Map<String, Object> serviceConfig(Isolation isolation) {
    return Map.of(
        "kafka.bootstrap.servers", bootstrapServers(),
        "cassandra.contact.points", cassandraContactPoints(),
        "cassandra.local.dc", localDatacenter(),
        "cassandra.keyspace", isolation.keyspace(),
        "topics.prefix", isolation.topicPrefix(),
        "http.host", "127.0.0.1");
  }

  /** Whether the servers run as child JVMs of this test JVM (so {@link #kafka()} works). */
  boolean embedded();

  /**
   * The embedded Kafka, for fault tests (stop, kill, restart).
   *
   * @throws IllegalStateException with external servers or containers
   */
  EmbeddedKafka kafka();

  /**
   * The embedded Cassandra, for fault tests (stop, kill, restart).
   *
   * @throws IllegalStateException with external servers or containers
   */
  EmbeddedCassandra cassandra();

  /** A test's own topic names and keyspace. */
  record Isolation(String topicPrefix, String keyspace, ChatTopics topics) {}
}

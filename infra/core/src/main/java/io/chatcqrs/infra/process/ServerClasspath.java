package io.chatcqrs.infra.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the runtime classpath of a server that the build resolved for a child JVM: the {@code
 * chat-kafka-server.classpath} and {@code chat-cassandra-server.classpath} resources carried by the
 * server modules' jars.
 */
public final class ServerClasspath {

  public static final String KAFKA = "chat-kafka-server.classpath";
  public static final String CASSANDRA = "chat-cassandra-server.classpath";

  private ServerClasspath() {}

  /** The ':'-separated classpath stored in the resource {@code name}. */
  public static String read(String name) {
    try (InputStream in = ServerClasspath.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource /"
                + name
                + " not on the classpath: add the chat-kafka-server / chat-cassandra-server"
                + " dependency (built by `mvn install -pl infra/kafka-server,infra/cassandra-server`)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

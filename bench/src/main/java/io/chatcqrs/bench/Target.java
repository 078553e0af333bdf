package io.chatcqrs.bench;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The running system under test: its public URLs, the JWT secret to mint users' tokens, and the
 * Kafka bootstrap servers (for the bare-producer baseline and for seeding) and Cassandra (for the
 * projection scenario's positions and its bare-driver baseline). Read from the file the local stack
 * writes ({@code .local/stack.json}) unless given by flags.
 */
public record Target(
    String commandUrl, String queryUrl, String jwtSecret, String kafka, String cassandra) {

  /** The target from {@code --stack=FILE} (default .local/stack.json) overridden by flags. */
  public static Target from(Map<String, String> flags) throws IOException {
    Path file = Path.of(flags.getOrDefault("stack", ".local/stack.json"));
    JsonObject stack =
        Files.exists(file) ? new JsonObject(Files.readString(file)) : new JsonObject();
    return new Target(
        flags.getOrDefault("command-url", stack.getString("command_url", "http://127.0.0.1:8081")),
        flags.getOrDefault("query-url", stack.getString("query_url", "http://127.0.0.1:8082")),
        flags.getOrDefault(
            "jwt-secret", stack.getString("jwt_secret", System.getenv("CHAT_JWT_SECRET"))),
        flags.getOrDefault("kafka", stack.getString("kafka_bootstrap", "127.0.0.1:9092")),
        flags.getOrDefault(
            "cassandra", stack.getString("cassandra_contact_points", "127.0.0.1:9042")));
  }

  /**
   * Settings of a producer appending CloudEvent records to the target's Kafka ({@code acks=all}).
   */
  public java.util.Map<String, Object> cloudEventProducerConfig(int lingerMs) {
    java.util.Map<String, Object> config =
        new java.util.HashMap<>(io.chatcqrs.events.codec.ChatCloudEvents.producerConfig());
    config.put("bootstrap.servers", kafka);
    config.put("acks", "all");
    config.put("linger.ms", lingerMs);
    return config;
  }

  /** A token for a bench user, valid for the length of any run. */
  public String token(String user) {
    if (jwtSecret == null) {
      throw new IllegalStateException(
          "no JWT secret: start the stack with ./chat up or pass --jwt-secret / CHAT_JWT_SECRET");
    }
    return new TokenIssuer(jwtSecret).userToken(UserId.of(user), Duration.ofHours(6));
  }
}

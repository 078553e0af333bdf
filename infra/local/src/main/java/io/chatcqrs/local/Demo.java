package io.chatcqrs.local;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** The JWT secret, demo tokens and the ready-to-paste commands the local stack prints. */
final class Demo {

  private static final int TOKEN_HOURS = 12;

  private Demo() {}

  /** {@code CHAT_JWT_SECRET}, or 48 random bytes (64 base64url characters) made for this run. */
  static String secret() {
    String configured = System.getenv("CHAT_JWT_SECRET");
    if (configured != null && !configured.isBlank()) {
      if (configured.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException("CHAT_JWT_SECRET must be at least 32 bytes");
      }
      return configured;
    }
    return randomSecret();
  }

  /**
   * The direct-chat id secret ({@code chat.direct-id-secret}): {@code CHAT_DIRECT_ID_SECRET}, else
   * the one kept in {@code file}, else 48 random bytes (64 base64url characters) written to {@code
   * file} (owner-only) on the first run. Unlike the JWT secret it must stay the same across runs:
   * the data under {@code .local/} survives restarts, and a new secret would give every pair a new
   * direct chat.
   */
  static String directIdSecret(java.nio.file.Path file) {
    return directIdSecret(file, System.getenv("CHAT_DIRECT_ID_SECRET"));
  }

  /** As {@link #directIdSecret(java.nio.file.Path)} with the configured value given. */
  static String directIdSecret(java.nio.file.Path file, String configured) {
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try {
      if (java.nio.file.Files.exists(file)) {
        return java.nio.file.Files.readString(file).strip();
      }
      String secret = randomSecret();
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.writeString(file, secret + "\n");
      java.nio.file.Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      return secret;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /** 48 random bytes as 64 base64url characters: a fresh HS256 or HMAC key. */
  private static String randomSecret() {
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The live-stream ticket key every query-api instance of the stack shares: {@code
   * CHAT_SSE_TICKET_SECRET}, or 48 random bytes made for this run (tickets live 30 s, so nothing is
   * lost when it changes between runs).
   */
  static String ticketSecret() {
    String configured = System.getenv("CHAT_SSE_TICKET_SECRET");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return randomSecret();
  }

  /** The port in environment variable {@code name}, else {@code fallback}. */
  static int port(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }

  /** An HS256 token for {@code user}, valid {@value #TOKEN_HOURS} hours. */
  static String token(Vertx vertx, String secret, String user) {
    JWTAuth auth =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return auth.generateToken(
        new JsonObject().put("sub", user),
        new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(TOKEN_HOURS * 60));
  }

  /**
   * Writes {@code file}: the running stack's URLs, JWT secret and server addresses, read by {@code
   * ./chat bench}. Readable by the owner only, since it holds the secret.
   */
  static void writeStackFile(
      java.nio.file.Path file,
      String secret,
      int commandPort,
      int queryPort,
      LocalServers servers) {
    JsonObject stack =
        new JsonObject()
            .put("command_url", "http://127.0.0.1:" + commandPort)
            .put("query_url", "http://127.0.0.1:" + queryPort)
            .put("jwt_secret", secret)
            .put("kafka_bootstrap", servers.bootstrapServers())
            .put("cassandra_contact_points", servers.contactPoints())
            .put("topics_prefix", LocalStack.TOPIC_PREFIX);
    try {
      java.nio.file.Files.writeString(file, stack.encodePrettily());
      java.nio.file.Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  static void print(
      Vertx vertx,
      String secret,
      int webPort,
      int commandPort,
      int queryPort,
      LocalServers servers,
      List<String> missing) {
    String command = "http://127.0.0.1:" + commandPort;
    String query = "http://127.0.0.1:" + queryPort;
    String alice = token(vertx, secret, "alice");
    String bob = token(vertx, secret, "bob");
    String json = "-H 'Content-Type: application/json'";
    String text =
        String.join(
            "\n",
            "",
            missing.isEmpty()
                ? "chat backend is up"
                : "Kafka and Cassandra are up, but NOT these services (see above): " + missing,
            "  web client   http://127.0.0.1:"
                + webPort
                + "/  (open it in two browsers: sign in as alice and as bob)",
            "  command-api  " + command,
            "  query-api    " + query,
            "  kafka        " + servers.bootstrapServers(),
            "  cassandra    " + servers.contactPoints() + " (keyspace " + LocalStack.KEYSPACE + ")",
            "",
            "JWT secret (HS256; set CHAT_JWT_SECRET to keep it across runs):",
            "  " + secret,
            "",
            "demo users, tokens valid " + TOKEN_HOURS + " h -- paste into your shell:",
            "  export ALICE='" + alice + "'",
            "  export BOB='" + bob + "'",
            "",
            "create the direct chat alice<->bob:",
            "  CHAT=$(curl -s -X POST "
                + command
                + "/v1/chats -H \"Authorization: Bearer $ALICE\" "
                + json
                + " -d '{\"type\":\"direct\",\"members\":[\"bob\"]}'"
                + " | sed -E 's/.*\"chat_id\":\"([^\"]+)\".*/\\1/'); echo \"$CHAT\"",
            "send a message:",
            "  curl -s -X POST "
                + command
                + "/v1/chats/$CHAT/messages -H \"Authorization: Bearer"
                + " $ALICE\" "
                + json
                + " -d '{\"client_msg_id\":\"m1\",\"text\":\"hi bob\"}'",
            "bob's rooms and the history:",
            "  curl -s " + query + "/v1/me/rooms -H \"Authorization: Bearer $BOB\"",
            "  curl -s " + query + "/v1/chats/$CHAT/messages -H \"Authorization: Bearer $BOB\"",
            "bob's live events (header; a browser takes a ticket: POST /v1/me/events/tickets):",
            "  curl -N " + query + "/v1/me/events -H \"Authorization: Bearer $BOB\"",
            "",
            "Ctrl-C stops everything; data stays in .local/ (delete it to start afresh).",
            "");
    System.out.println(text);
  }
}

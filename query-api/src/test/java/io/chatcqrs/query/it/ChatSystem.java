package io.chatcqrs.query.it;

import io.chatcqrs.command.CommandApiVerticle;
import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.chatcqrs.projection.app.ProjectionWorkersVerticle;
import io.chatcqrs.query.QueryApiVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system for one IT class: projection workers, command API and query API deployed in one
 * Vert.x against the shared Kafka and Cassandra, with the class's own topic prefix and keyspace and
 * free ports; plus HTTP helpers and token minting.
 */
final class ChatSystem implements AutoCloseable {
  static final String SECRET = "query-it-secret-0123456789abcdef0123";

  final ChatInfra infra;
  final ChatInfra.Isolation isolation;
  final TokenIssuer issuer = new TokenIssuer(SECRET);
  private final Vertx vertx;
  private final CommandApiVerticle command;
  private final QueryApiVerticle query;
  private final Map<String, Object> queryConfig;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ChatSystem(
      ChatInfra infra,
      ChatInfra.Isolation isolation,
      Vertx vertx,
      CommandApiVerticle command,
      QueryApiVerticle query,
      Map<String, Object> queryConfig) {
    this.infra = infra;
    this.isolation = isolation;
    this.vertx = vertx;
    this.command = command;
    this.query = query;
    this.queryConfig = queryConfig;
  }

  /** Provisions an isolation and deploys the three services; {@code queryOverrides} win. */
  static ChatSystem start(ChatInfra infra, Map<String, Object> queryOverrides) throws Exception {
    return start(infra, queryOverrides, Map.of());
  }

  /**
   * Provisions an isolation and deploys the three services; {@code queryOverrides} and {@code
   * projectionOverrides} win over the common config of the query API and the projection.
   */
  static ChatSystem start(
      ChatInfra infra, Map<String, Object> queryOverrides, Map<String, Object> projectionOverrides)
      throws Exception {
    return start(infra, queryOverrides, projectionOverrides, Map.of());
  }

  /**
   * Provisions an isolation and deploys the three services; {@code queryOverrides}, {@code
   * projectionOverrides} and {@code commandOverrides} win over each service's config here.
   */
  static ChatSystem start(
      ChatInfra infra,
      Map<String, Object> queryOverrides,
      Map<String, Object> projectionOverrides,
      Map<String, Object> commandOverrides)
      throws Exception {
    ChatInfra.Isolation isolation = infra.isolate();
    Map<String, Object> common = new HashMap<>(infra.serviceConfig(isolation));
    common.put("jwt.secret", SECRET);
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject projection =
          new JsonObject(new HashMap<>(common))
              .put("projection.application.id", "qit-" + isolation.keyspace())
              .put("projection.sink.group.id", "qit-sink-" + isolation.keyspace())
              .put("projection.http.port", -1)
              .put(
                  "projection.streams.state.dir",
                  Files.createTempDirectory("qit-streams").toString());
      projectionOverrides.forEach(projection::put);
      vertx
          .deployVerticle(
              new ProjectionWorkersVerticle(), new DeploymentOptions().setConfig(projection))
          .await(60, TimeUnit.SECONDS);
      CommandApiVerticle command = new CommandApiVerticle();
      JsonObject commandConfig =
          new JsonObject(new HashMap<>(common))
              .put("http.port", 0)
              .put("ratelimit.enabled", false)
              .put("chat.direct-id-secret", SECRET + "-direct-chat-ids");
      commandOverrides.forEach(commandConfig::put);
      vertx
          .deployVerticle(command, new DeploymentOptions().setConfig(commandConfig))
          .await(60, TimeUnit.SECONDS);
      QueryApiVerticle query = new QueryApiVerticle();
      JsonObject queryConfig = new JsonObject(new HashMap<>(common)).put("http.port", 0);
      queryOverrides.forEach(queryConfig::put);
      vertx
          .deployVerticle(query, new DeploymentOptions().setConfig(queryConfig))
          .await(60, TimeUnit.SECONDS);
      return new ChatSystem(infra, isolation, vertx, command, query, queryConfig.getMap());
    } catch (Exception | Error e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  int queryPort() {
    return query.actualPort();
  }

  /**
   * Deploys another query-api instance (as behind a load balancer: same Kafka, keyspace and
   * secrets) with {@code overrides} over the first one's settings; answers its port.
   */
  int startAnotherQueryApi(Map<String, Object> overrides) throws Exception {
    QueryApiVerticle another = new QueryApiVerticle();
    JsonObject config = new JsonObject(new HashMap<>(queryConfig));
    overrides.forEach(config::put);
    vertx
        .deployVerticle(another, new DeploymentOptions().setConfig(config))
        .await(60, TimeUnit.SECONDS);
    return another.actualPort();
  }

  /**
   * Deploys one more projection (both parts) in this system's Vert.x with {@code config} as its
   * whole configuration, e.g. a replay of another topic set into another keyspace.
   */
  void deployProjection(Map<String, Object> config) throws Exception {
    vertx
        .deployVerticle(
            new ProjectionWorkersVerticle(),
            new DeploymentOptions().setConfig(new JsonObject(new HashMap<>(config))))
        .await(60, TimeUnit.SECONDS);
  }

  /** {@code POST /v1/me/events/tickets} with {@code token} on the query API at {@code port}. */
  HttpResponse<String> requestTicket(int port, String token) {
    return send(
        URI.create("http://127.0.0.1:" + port + "/v1/me/events/tickets"),
        "POST",
        Map.of("Authorization", "Bearer " + token),
        null);
  }

  /** A new stream ticket for {@code token} from the instance at {@code port}; fails unless 201. */
  String ticket(int port, String token) {
    HttpResponse<String> response = requestTicket(port, token);
    if (response.statusCode() != 201) {
      throw new AssertionError("ticket -> " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body()).getString("ticket");
  }

  /** A new stream ticket for {@code user} from the first query API. */
  String ticket(String user) {
    return ticket(queryPort(), token(user));
  }

  String token(String user) {
    return issuer.userToken(UserId.of(user), Duration.ofMinutes(30));
  }

  /** A command as {@code user}; fails the test unless it is 2xx. */
  JsonObject command(String method, String path, String user, JsonObject body) {
    HttpResponse<String> response =
        send(
            commandUri(path),
            method,
            Map.of("Authorization", "Bearer " + token(user), "Content-Type", "application/json"),
            body == null ? null : body.encode());
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(
          method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  JsonObject createGroup(String owner, String title, String... members) {
    return command(
        "POST",
        "/v1/chats",
        owner,
        new JsonObject()
            .put("type", "group")
            .put("title", title)
            .put("members", new JsonArray(java.util.List.of((Object[]) members))));
  }

  JsonObject createDirect(String caller, String other) {
    return command(
        "POST",
        "/v1/chats",
        caller,
        new JsonObject().put("type", "direct").put("members", new JsonArray().add(other)));
  }

  JsonObject send(String chatId, String sender, String clientMsgId, String text) {
    return command(
        "POST",
        "/v1/chats/" + chatId + "/messages",
        sender,
        new JsonObject().put("client_msg_id", clientMsgId).put("text", text));
  }

  JsonObject markRead(String chatId, String user, long seq) {
    return command("POST", "/v1/chats/" + chatId + "/read", user, new JsonObject().put("seq", seq));
  }

  /** Waits until every one of {@code users} can read the chat on the query side. */
  void awaitVisible(String chatId, String... users) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              for (String user : users) {
                if (get("/v1/chats/" + chatId, user).statusCode() != 200) {
                  return false;
                }
              }
              return true;
            });
  }

  /** A GET on the query API as {@code user} (null: no token) with extra headers. */
  HttpResponse<String> get(String path, String user, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    if (user != null) {
      all.put("Authorization", "Bearer " + token(user));
    }
    return send(queryUri(path), "GET", all, null);
  }

  HttpResponse<String> get(String path, String user) {
    return get(path, user, Map.of());
  }

  /** A GET that must answer 200, as JSON. */
  JsonObject getJson(String path, String user) {
    HttpResponse<String> response = get(path, user);
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  HttpResponse<String> send(URI uri, String method, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI queryUri(String path) {
    return URI.create("http://127.0.0.1:" + query.actualPort() + path);
  }

  URI commandUri(String path) {
    return URI.create("http://127.0.0.1:" + command.actualPort() + path);
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
  }
}

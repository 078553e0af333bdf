package io.chatcqrs.command.support;

import io.chatcqrs.command.CommandApiVerticle;
import io.chatcqrs.events.UserId;
import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A command API deployed on its own Vert.x for one test class, plus an HTTP client for it. */
public final class RunningCommandApi implements AutoCloseable {
  public static final String SECRET = "it-secret-0123456789abcdef0123456789";
  public static final String DIRECT_ID_SECRET = "it-direct-id-secret-0123456789abcdef";

  private final Vertx vertx;
  private final CommandApiVerticle verticle;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final TokenIssuer issuer = new TokenIssuer(SECRET);
  private final ChatInfra.Isolation isolation;

  private RunningCommandApi(
      Vertx vertx, CommandApiVerticle verticle, ChatInfra.Isolation isolation) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.isolation = isolation;
  }

  /** Deploys on a free port with the isolation's topics and keyspace plus {@code overrides}. */
  public static RunningCommandApi start(
      ChatInfra infra, ChatInfra.Isolation isolation, Map<String, Object> overrides) {
    JsonObject config =
        new JsonObject(new java.util.HashMap<>(infra.serviceConfig(isolation)))
            .put("http.port", 0)
            .put("jwt.secret", SECRET)
            .put("chat.direct-id-secret", DIRECT_ID_SECRET);
    overrides.forEach(config::put);
    Vertx vertx = Vertx.vertx();
    CommandApiVerticle verticle = new CommandApiVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
    return new RunningCommandApi(vertx, verticle, isolation);
  }

  public ChatInfra.Isolation isolation() {
    return isolation;
  }

  public String token(String user) {
    return issuer.userToken(UserId.of(user), Duration.ofMinutes(10));
  }

  public TokenIssuer issuer() {
    return issuer;
  }

  /** Sends a request as {@code user} (null: no Authorization header) with a JSON body. */
  public HttpResponse<String> call(String method, String path, String user, String jsonBody) {
    return send(
        method,
        path,
        user == null ? null : "Bearer " + token(user),
        jsonBody == null ? null : jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json");
  }

  /** Like {@link #call(String, String, String, String)}, with extra request headers. */
  public HttpResponse<String> call(
      String method, String path, String user, String jsonBody, Map<String, String> headers) {
    return send(
        method,
        path,
        user == null ? null : "Bearer " + token(user),
        jsonBody == null ? null : jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "application/json",
        headers);
  }

  /** Sends raw bytes with the given Authorization header value and content type. */
  public HttpResponse<String> send(
      String method, String path, String authorization, byte[] body, String contentType) {
    return send(method, path, authorization, body, contentType, Map.of());
  }

  private HttpResponse<String> send(
      String method,
      String path,
      String authorization,
      byte[] body,
      String contentType,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.actualPort() + path))
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null && contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}

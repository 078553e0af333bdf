package io.chatcqrs.reliability.load;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.TokenIssuer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An asynchronous client of the public HTTP API of both services, as a chat app would use it: a JWT
 * per user, JSON bodies, a client-side timeout per request. Never throws for an HTTP outcome: every
 * call completes with a {@link Reply}, a timeout or a refused connection included.
 */
public final class ApiClient {
  private final HttpClient http;
  private final TokenIssuer issuer;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final URI command;
  private final URI query;
  private final Duration timeout;

  /**
   * @param commandPort the command API's port on 127.0.0.1
   * @param queryPort the query API's port on 127.0.0.1
   * @param timeout how long the client waits for an answer before giving up
   */
  public ApiClient(String secret, int commandPort, int queryPort, Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    this.issuer = new TokenIssuer(secret);
    this.command = URI.create("http://127.0.0.1:" + commandPort);
    this.query = URI.create("http://127.0.0.1:" + queryPort);
    this.timeout = timeout;
  }

  /** The user's bearer token (valid two hours). */
  public String token(String user) {
    return tokens.computeIfAbsent(user, u -> issuer.userToken(UserId.of(u), Duration.ofHours(2)));
  }

  /** A command (POST, PATCH, DELETE) as {@code user}; {@code body} may be null. */
  public CompletableFuture<Reply> command(
      String method, String path, String user, JsonObject body) {
    return call(command.resolve(path), method, user, body, Map.of());
  }

  /** A GET on the query API as {@code user}, with extra headers. */
  public CompletableFuture<Reply> query(String path, String user, Map<String, String> headers) {
    return call(query.resolve(path), "GET", user, null, headers);
  }

  private CompletableFuture<Reply> call(
      URI uri, String method, String user, JsonObject body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    if (user != null) {
      request.header("Authorization", "Bearer " + token(user));
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    long start = System.nanoTime();
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              long millis = (System.nanoTime() - start) / 1_000_000;
              if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                int status =
                    cause instanceof HttpTimeoutException ? Reply.TIMED_OUT : Reply.NO_ANSWER;
                return new Reply(status, cause.toString(), Map.of(), millis);
              }
              Map<String, String> h = new ConcurrentHashMap<>();
              response
                  .headers()
                  .map()
                  .forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
              return new Reply(response.statusCode(), response.body(), h, millis);
            });
  }

  /**
   * What the API answered.
   *
   * @param status the HTTP status, or {@link #TIMED_OUT} / {@link #NO_ANSWER}
   * @param body the body (the failure's text when there was no answer)
   * @param headers response headers, names in lower case
   * @param millis the time until the answer (or the failure)
   */
  public record Reply(int status, String body, Map<String, String> headers, long millis) {
    /** The client gave up waiting. */
    public static final int TIMED_OUT = -1;

    /** The connection failed (refused, reset). */
    public static final int NO_ANSWER = -2;

    public boolean ok() {
      return status / 100 == 2;
    }

    /** The body as JSON, or an empty object when it is not JSON. */
    public JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (RuntimeException e) {
        return new JsonObject();
      }
    }
  }
}

package io.chatcqrs.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.auth.JwtAuthenticator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web verticle against stub upstreams: page config, demo tokens and the API proxy. */
class WebVerticleTest {

  private static final String SECRET = "web-verticle-test-secret-0123456789abcdef";

  private Vertx vertx;
  private HttpClient client;
  private HttpServer commandStub;
  private HttpServer queryStub;
  private final CopyOnWriteArrayList<Seen> seen = new CopyOnWriteArrayList<>();
  private Promise<Void> releaseStream;

  record Seen(String method, String uri, MultiMap headers, String body) {}

  @BeforeEach
  void startStubs() throws Exception {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient();
    releaseStream = Promise.promise();
    commandStub = await(vertx.createHttpServer().requestHandler(this::commandApi).listen(0));
    queryStub = await(vertx.createHttpServer().requestHandler(this::queryApi).listen(0));
  }

  @AfterEach
  void stop() throws Exception {
    releaseStream.tryComplete();
    await(vertx.close());
  }

  private void commandApi(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            body -> {
              seen.add(
                  new Seen(
                      request.method().name(), request.uri(), request.headers(), body.toString()));
              request
                  .response()
                  .setStatusCode(202)
                  .putHeader("Content-Type", "application/json")
                  .end("{\"message_id\":\"m1\",\"position\":\"p\"}");
            });
  }

  private void queryApi(HttpServerRequest request) {
    seen.add(new Seen(request.method().name(), request.uri(), request.headers(), ""));
    if (request.path().equals("/v1/me/events")) {
      request
          .response()
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .write("id: 1\nevent: message\ndata: {\"chat_id\":\"c1\"}\n\n");
      releaseStream.future().onComplete(v -> request.response().end());
      return;
    }
    request.response().putHeader("Content-Type", "application/json").end("{\"rooms\":[]}");
  }

  private int deployWeb(boolean localMode, int commandPort, int queryPort) throws Exception {
    return deployWeb(localMode, commandPort, queryPort, new JsonObject());
  }

  private int deployWeb(boolean localMode, int commandPort, int queryPort, JsonObject extra)
      throws Exception {
    WebVerticle web = new WebVerticle();
    JsonObject config =
        new JsonObject()
            .put("web.port", 0)
            .put("local.mode", localMode)
            .put("jwt.secret", SECRET)
            .put("web.command-api.url", "http://127.0.0.1:" + commandPort)
            .put("web.query-api.url", "http://127.0.0.1:" + queryPort)
            .mergeIn(extra);
    await(vertx.deployVerticle(web, new DeploymentOptions().setConfig(config)));
    return web.actualPort();
  }

  private int deployWeb(boolean localMode) throws Exception {
    return deployWeb(localMode, commandStub.actualPort(), queryStub.actualPort());
  }

  @Test
  void should_tell_the_page_where_the_apis_are() throws Exception {
    int port = deployWeb(true);
    JsonObject config = new JsonObject(get(port, "/config.json").body);
    assertThat(config.getString("command_api")).isEqualTo("/api/command");
    assertThat(config.getString("query_api")).isEqualTo("/api/query");
    assertThat(config.getBoolean("local_mode")).isTrue();
    assertThat(config.getJsonArray("demo_users")).contains("alice", "bob", "carol");
  }

  @Test
  void should_serve_the_page_with_a_strict_content_security_policy() throws Exception {
    int port = deployWeb(false);
    Reply page = get(port, "/");
    assertThat(page.status).isEqualTo(200);
    assertThat(page.body).contains("<script type=\"module\" src=\"js/main.js\">");
    assertThat(page.headers.get("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(get(port, "/js/main.js").headers.get("Content-Type")).contains("javascript");
  }

  @Test
  void should_mint_a_token_the_apis_accept_in_local_mode() throws Exception {
    int port = deployWeb(true);
    Reply reply = post(port, "/local/token", "application/json", "{\"user_id\":\"alice\"}");
    assertThat(reply.status).isEqualTo(200);
    String token = new JsonObject(reply.body).getString("token");
    Caller caller = await(new JwtAuthenticator(vertx, SECRET).authenticate(token));
    assertThat(caller.userId().value()).isEqualTo("alice");
    assertThat(caller.service()).isFalse();
  }

  @Test
  void should_refuse_malformed_user_ids_with_a_problem() throws Exception {
    int port = deployWeb(true);
    Reply reply = post(port, "/local/token", "application/json", "{\"user_id\":\"no spaces\"}");
    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.headers.get("Content-Type")).isEqualTo("application/problem+json");
    assertThat(post(port, "/local/token", "text/plain", "alice").status).isEqualTo(415);
  }

  @Test
  void should_not_offer_tokens_outside_local_mode() throws Exception {
    int port = deployWeb(false);
    Reply reply = post(port, "/local/token", "application/json", "{\"user_id\":\"alice\"}");
    assertThat(reply.status).isEqualTo(404);
    assertThat(new JsonObject(get(port, "/config.json").body).getBoolean("local_mode")).isFalse();
  }

  @Test
  void should_proxy_commands_with_their_headers_and_body() throws Exception {
    int port = deployWeb(false);
    String body = "{\"client_msg_id\":\"x1\",\"text\":\"hi\"}";
    Reply reply = post(port, "/api/command/v1/chats/c1/messages", "application/json", body);
    assertThat(reply.status).isEqualTo(202);
    assertThat(reply.body).contains("\"message_id\":\"m1\"");
    Seen request = seen.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/v1/chats/c1/messages");
    assertThat(request.headers().get("Authorization")).isEqualTo("Bearer t");
    assertThat(request.body()).isEqualTo(body);
  }

  @Test
  void should_stream_events_through_the_proxy_without_buffering() throws Exception {
    int port = deployWeb(false);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setPort(port)
            .setHost("127.0.0.1")
            .setURI("/api/query/v1/me/events?ticket=abc&last_event_id=41");
    Promise<String> firstChunk = Promise.promise();
    HttpClientResponse response =
        await(
            client
                .request(options)
                .compose(r -> r.send())
                .onSuccess(r -> r.handler(chunk -> firstChunk.tryComplete(chunk.toString()))));
    // The upstream has not ended the stream: the event must arrive while it is still open.
    assertThat(await(firstChunk.future())).contains("event: message");
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    assertThat(response.getHeader("X-Accel-Buffering")).isEqualTo("no");
    Seen request = seen.get(0);
    assertThat(request.uri()).isEqualTo("/v1/me/events?ticket=abc");
    assertThat(request.headers().get("Last-Event-ID")).isEqualTo("41");
    releaseStream.complete();
  }

  @Test
  void should_name_the_client_in_x_forwarded_for_believing_only_trusted_balancers()
      throws Exception {
    int untrusting = deployWeb(false);
    int behindBalancer =
        deployWeb(
            false,
            commandStub.actualPort(),
            queryStub.actualPort(),
            new JsonObject().put("http.trusted-proxies", "10.0.0.0/8, 127.0.0.1"));
    MultiMap spoofing =
        MultiMap.caseInsensitiveMultiMap()
            .add("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.1.2.3")
            .add("Forwarded", "for=5.5.5.5");

    send(HttpMethod.GET, untrusting, "/api/query/v1/me/rooms", spoofing);
    send(HttpMethod.GET, behindBalancer, "/api/query/v1/me/rooms", spoofing);
    send(
        HttpMethod.GET,
        behindBalancer,
        "/api/query/v1/me/rooms",
        MultiMap.caseInsensitiveMultiMap());

    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).headers().getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(seen.get(0).headers().contains("Forwarded")).isFalse();
    assertThat(seen.get(1).headers().getAll("X-Forwarded-For"))
        .containsExactly("198.51.100.7, 10.1.2.3, 127.0.0.1");
    assertThat(seen.get(1).headers().contains("Forwarded")).isFalse();
    assertThat(seen.get(2).headers().getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
  }

  @Test
  void should_refuse_to_start_with_a_trusted_proxy_that_is_not_an_address() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                deployWeb(
                    false,
                    commandStub.actualPort(),
                    queryStub.actualPort(),
                    new JsonObject().put("http.trusted-proxies", "balancer.internal")))
        .hasMessageContaining("balancer.internal");
  }

  @Test
  void should_answer_502_when_an_api_is_down() throws Exception {
    int closedPort = queryStub.actualPort();
    await(queryStub.close());
    int port = deployWeb(false, commandStub.actualPort(), closedPort);
    assertThat(get(port, "/api/query/v1/me/rooms").status).isEqualTo(502);
  }

  record Reply(int status, MultiMap headers, String body) {}

  private Reply get(int port, String uri) throws Exception {
    return send(HttpMethod.GET, port, uri, null, null);
  }

  private Reply post(int port, String uri, String type, String body) throws Exception {
    return send(HttpMethod.POST, port, uri, type, body);
  }

  private Reply send(HttpMethod method, int port, String uri, MultiMap headers) throws Exception {
    return send(method, port, uri, null, null, headers);
  }

  private Reply send(HttpMethod method, int port, String uri, String type, String body)
      throws Exception {
    return send(method, port, uri, type, body, MultiMap.caseInsensitiveMultiMap());
  }

  private Reply send(
      HttpMethod method, int port, String uri, String type, String body, MultiMap headers)
      throws Exception {
    RequestOptions options =
        new RequestOptions().setMethod(method).setPort(port).setHost("127.0.0.1").setURI(uri);
    options.putHeader("Authorization", "Bearer t");
    headers.forEach(options::putHeader);
    if (type != null) {
      options.putHeader("Content-Type", type);
    }
    return await(
        client
            .request(options)
            .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
            .compose(r -> r.body().map(b -> new Reply(r.statusCode(), r.headers(), b.toString()))));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

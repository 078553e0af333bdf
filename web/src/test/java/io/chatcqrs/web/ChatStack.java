package io.chatcqrs.web;

import io.chatcqrs.infra.junit.ChatInfra;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The whole system in this test JVM: command-api, projection-workers and query-api verticles on
 * free ports against the shared Kafka and Cassandra (a fresh topic prefix and keyspace), plus web
 * verticles in local mode in front of them. Deployed by class name, so that this module only needs
 * the services on its test classpath, not their internals.
 */
final class ChatStack {

  static final String SECRET = "browser-test-secret-0123456789abcdefghijkl";
  private static final String[][] SERVICES = {
    {"io.chatcqrs.command.CommandApiVerticle", "http.port"},
    {"io.chatcqrs.projection.app.ProjectionWorkersVerticle", "projection.http.port"},
    {"io.chatcqrs.query.QueryApiVerticle", "http.port"},
  };

  final Vertx vertx = Vertx.vertx();
  final int commandPort = freePort();
  final int queryPort = freePort();

  private ChatStack() {}

  static ChatStack start(ChatInfra infra) throws Exception {
    return start(infra, new JsonObject());
  }

  /** As {@link #start(ChatInfra)} with {@code queryOverrides} over the query-api's settings. */
  static ChatStack start(ChatInfra infra, JsonObject queryOverrides) throws Exception {
    ChatStack stack = new ChatStack();
    try {
      JsonObject base =
          new JsonObject(new HashMap<>(infra.serviceConfig(infra.isolate())))
              .put("jwt.secret", SECRET)
              .put("chat.direct-id-secret", SECRET + "-direct-chat-ids");
      Path state = Files.createTempDirectory("web-it-streams");
      int[] ports = {stack.commandPort, freePort(), stack.queryPort};
      for (int i = 0; i < SERVICES.length; i++) {
        JsonObject config =
            base.copy()
                .put(SERVICES[i][1], ports[i])
                .put("projection.streams.state.dir", state.toString());
        if (SERVICES[i][0].endsWith("QueryApiVerticle")) {
          config.mergeIn(queryOverrides);
        }
        try {
          await(
              stack.vertx.deployVerticle(SERVICES[i][0], new DeploymentOptions().setConfig(config)),
              90);
        } catch (ExecutionException e) {
          throw new IllegalStateException(SERVICES[i][0] + " did not deploy", e.getCause());
        }
      }
      return stack;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  /** Deploys a web verticle in local mode on {@code port} (0 for any); answers its deployment. */
  Web web(int port) throws Exception {
    return web(port, new JsonObject());
  }

  /** As {@link #web(int)} with {@code overrides} over the web verticle's settings. */
  Web web(int port, JsonObject overrides) throws Exception {
    WebVerticle verticle = new WebVerticle();
    JsonObject config =
        new JsonObject()
            .put("web.port", port)
            .put("local.mode", true)
            .put("jwt.secret", SECRET)
            .put("web.command-api.url", "http://127.0.0.1:" + commandPort)
            .put("web.query-api.url", "http://127.0.0.1:" + queryPort)
            .mergeIn(overrides);
    String id =
        await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)), 30);
    return new Web(id, verticle.actualPort());
  }

  /** Stops a web verticle: its server closes every connection, event streams included. */
  void stop(Web web) throws Exception {
    await(vertx.undeploy(web.deploymentId()), 30);
  }

  /** A deployed web verticle. */
  record Web(String deploymentId, int port) {
    String url() {
      return "http://127.0.0.1:" + port + "/";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  static <T> T await(Future<T> future, int seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  void close() throws Exception {
    await(vertx.close(), 30);
  }
}

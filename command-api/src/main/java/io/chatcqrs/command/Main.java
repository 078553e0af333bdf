package io.chatcqrs.command;

import io.chatcqrs.command.write.createchat.DirectChatIds;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.metrics.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the command API on its own: loads the settings (defaults, the JSON file named by the first
 * argument or env {@code CHAT_CONFIG}, then environment variables; {@code COMMAND_API_PORT} sets
 * the port, {@code CHAT_DIRECT_ID_SECRET} the direct-chat id secret) and deploys {@link
 * CommandApiVerticle}. Exits with status 1 if it cannot start.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /** Starts the service. */
  public static void main(String[] args) {
    ServiceConfig config =
        ServiceConfig.load(
            new JsonObject().put("http.port", CommandApiVerticle.DEFAULT_PORT),
            args.length > 0 ? Path.of(args[0]) : null,
            Map.of(
                "COMMAND_API_PORT",
                "http.port",
                "CHAT_DIRECT_ID_SECRET",
                DirectChatIds.SECRET_KEY));
    Vertx vertx = Metrics.newVertx(new VertxOptions());
    vertx
        .deployVerticle(
            new CommandApiVerticle(), new DeploymentOptions().setConfig(config.toJson()))
        .onSuccess(
            id -> LOG.info("command-api listening on port {}", config.integer("http.port", 0)))
        .onFailure(
            failure -> {
              LOG.error("command-api failed to start", failure);
              vertx.close().onComplete(closed -> System.exit(1));
            });
  }
}

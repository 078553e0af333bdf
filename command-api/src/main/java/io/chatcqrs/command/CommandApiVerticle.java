package io.chatcqrs.command;

import io.chatcqrs.command.append.EventAppender;
import io.chatcqrs.command.idempotency.GroupChatIds;
import io.chatcqrs.command.idempotency.IdempotencyHandler;
import io.chatcqrs.command.idempotency.IdempotencyMetrics;
import io.chatcqrs.command.idempotency.IdempotencySettings;
import io.chatcqrs.command.idempotency.IdempotencyStore;
import io.chatcqrs.command.readmodel.MessageWait;
import io.chatcqrs.command.readmodel.ReadModel;
import io.chatcqrs.command.readmodel.ReadModelConnection;
import io.chatcqrs.command.readmodel.VerdictTail;
import io.chatcqrs.command.readmodel.Visibility;
import io.chatcqrs.command.write.CommandSupport;
import io.chatcqrs.command.write.MemberAdds;
import io.chatcqrs.command.write.addmember.AddMemberHandler;
import io.chatcqrs.command.write.createchat.CreateChatHandler;
import io.chatcqrs.command.write.createchat.DirectChatIds;
import io.chatcqrs.command.write.deletemessage.DeleteMessageHandler;
import io.chatcqrs.command.write.editmessage.EditMessageHandler;
import io.chatcqrs.command.write.markread.MarkReadHandler;
import io.chatcqrs.command.write.removemember.RemoveMemberHandler;
import io.chatcqrs.command.write.sendmessage.SendMessageHandler;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.platform.auth.AuthHandler;
import io.chatcqrs.platform.auth.JwtAuthenticator;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.platform.cassandra.SchemaMigrator;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.health.CassandraHealthCheck;
import io.chatcqrs.platform.health.Health;
import io.chatcqrs.platform.health.KafkaHealthCheck;
import io.chatcqrs.platform.http.OpenApiDocument;
import io.chatcqrs.platform.http.Problems;
import io.chatcqrs.platform.http.TrustedProxies;
import io.chatcqrs.platform.http.UndecodableRequests;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.platform.ratelimit.RateLimitPolicy;
import io.chatcqrs.platform.ratelimit.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;

/**
 * The command API: validates, pre-authorises and appends chat commands as events to {@code
 * chat.events.v1}, answering only after Kafka acknowledged. Routes and request validation come from
 * the committed {@code openapi/command-api.yaml} (served at {@code /openapi.yaml}) through Vert.x's
 * OpenAPI router.
 *
 * <p>Per request: metrics, body limit (64 KiB → 413), then for {@code /v1/*} authentication (401,
 * per-IP limit on failures) and the per-user rate limit ({@code messages} for sends, {@code
 * commands} otherwise; adding members also draws {@code member-adds}, counted in ids: {@link
 * MemberAdds}), then OpenAPI validation (400, 415), then {@code Idempotency-Key} handling on write
 * operations ({@link IdempotencyHandler}: replay, 409, 422), then the command handler.
 *
 * <p>Settings (flat {@code config()}, see {@link ServiceConfig}): {@code http.port} (default 8081;
 * 0 for any free port, see {@link #actualPort()}), {@code http.host}, {@code jwt.secret}, {@code
 * kafka.bootstrap.servers}, {@code topics.prefix}, {@code cassandra.*}, {@code
 * chat.max-group-members} (default 100000), {@code chat.direct-id-secret} (required, at least 32
 * bytes, the same on every instance), {@code precheck.cache-ms} (2000), {@code
 * precheck.found-cache-ms} (30000), {@code precheck.timeout-ms} (300), {@code
 * precheck.visible-wait-ms} (4000, and never past the 4.5 s answer budget), {@code
 * precheck.visible-poll-ms} (20), {@code precheck.message-wait-ms} (1000), {@code
 * precheck.message-poll-ms} (50), {@code precheck.verdicts.max-lag-ms} (1000), {@code
 * precheck.verdicts.check-ms} (250), {@code command.idempotency.*} (see {@link
 * IdempotencySettings}), {@code ratelimit.*}, {@code http.trusted-proxies}, {@code append.*},
 * {@code kafka.producer.*}.
 */
public final class CommandApiVerticle extends VerticleBase {
  /** The default port of the command API. */
  public static final int DEFAULT_PORT = 8081;

  /** The request body limit of the contract. */
  public static final long BODY_LIMIT_BYTES = 64 * 1024;

  private EventAppender appender;
  private ReadModelConnection readModelConnection;
  private VerdictTail verdictTail;
  private Admin admin;
  private HttpServer server;

  @Override
  public Future<?> start() {
    ServiceConfig cfg =
        ServiceConfig.of(ServiceConfig.defaults().put("http.port", DEFAULT_PORT).mergeIn(config()));
    Metrics metrics = new Metrics(Metrics.processRegistry(), "command-api");
    ChatTopics topics = ChatTopics.withPrefix(cfg.string("topics.prefix", ""));
    DirectChatIds directChatIds = new DirectChatIds(cfg.string(DirectChatIds.SECRET_KEY));
    appender = EventAppender.kafka(vertx, topics.chatEvents(), cfg, metrics);
    readModelConnection = new ReadModelConnection(vertx, cfg);
    ReadModel readModel =
        new ReadModel(
            readModelConnection,
            cfg.millis("precheck.cache-ms", Duration.ofSeconds(2)),
            cfg.millis("precheck.found-cache-ms", Duration.ofSeconds(30)),
            cfg.millis("precheck.timeout-ms", Duration.ofMillis(300)),
            metrics.counter(
                "chat_precheck_unavailable_total", "pre-check lookups Cassandra did not answer"));
    Visibility visibility =
        new Visibility(
            vertx,
            readModel,
            cfg.millis("precheck.visible-wait-ms", Duration.ofMillis(4000)),
            cfg.millis("precheck.visible-poll-ms", Duration.ofMillis(20)));
    MessageWait messageWait =
        new MessageWait(
            vertx,
            readModel,
            cfg.millis("precheck.message-wait-ms", Duration.ofSeconds(1)),
            cfg.millis("precheck.message-poll-ms", Duration.ofMillis(50)));
    CommandSupport support =
        new CommandSupport(
            appender,
            readModel,
            visibility,
            messageWait,
            cfg.integer("chat.max-group-members", 100_000));
    RateLimiter limiter = RateLimiter.fromConfig(cfg).onLimited(metrics::rateLimited);
    JwtAuthenticator authenticator = new JwtAuthenticator(vertx, cfg.string("jwt.secret"));
    IdempotencySettings idempotencySettings = IdempotencySettings.fromConfig(cfg);
    IdempotencyStore idempotencyStore =
        new IdempotencyStore(
            readModelConnection::session, Cassandra.keyspace(cfg), idempotencySettings);
    IdempotencyHandler idempotency =
        new IdempotencyHandler(
            idempotencyStore,
            new GroupChatIds(idempotencySettings.secret()),
            IdempotencyMetrics.of(metrics));
    return Future.all(
            appender.start(),
            readModelConnection.connect().compose(connected -> idempotencyStore.prepare()),
            OpenApiDocument.load(vertx, cfg.string("openapi.path", "openapi/command-api.yaml")),
            vertx.executeBlocking(() -> health(cfg, topics, readModel, metrics), false))
        .map(
            started ->
                router(
                    started.resultAt(2),
                    metrics,
                    new AuthHandler(authenticator, false, limiter, TrustedProxies.fromConfig(cfg)),
                    limiter,
                    support,
                    directChatIds,
                    idempotency,
                    started.resultAt(3)))
        .compose(
            router ->
                vertx
                    .createHttpServer()
                    .requestHandler(UndecodableRequests.guard(router))
                    .listen(cfg.integer("http.port", DEFAULT_PORT), cfg.string("http.host")))
        .onSuccess(listening -> server = listening)
        .onFailure(failure -> vertx.executeBlocking(this::closeClients, false));
  }

  /** The port the server listens on (useful with {@code http.port} 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    Future<Void> serverClosed = server == null ? Future.succeededFuture() : server.close();
    return serverClosed
        .eventually(() -> appender == null ? Future.succeededFuture() : appender.close())
        .eventually(
            () ->
                readModelConnection == null
                    ? Future.succeededFuture()
                    : readModelConnection.close())
        .eventually(() -> vertx.executeBlocking(this::closeClients, false));
  }

  private Void closeClients() {
    if (verdictTail != null) {
      verdictTail.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
    }
    return null;
  }

  private Router router(
      OpenApiDocument document,
      Metrics metrics,
      AuthHandler auth,
      RateLimiter limiter,
      CommandSupport support,
      DirectChatIds directChatIds,
      IdempotencyHandler idempotency,
      Health health) {
    RouterBuilder builder =
        RouterBuilder.create(vertx, document.contract(), RequestExtractor.withBodyHandler());
    AtomicReference<Handler<RoutingContext>> requestMetrics = new AtomicReference<>();
    builder.rootHandler(
        (PlatformHandler)
            ctx -> {
              CommandSupport.arrived(ctx);
              requestMetrics.get().handle(ctx);
            });
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    builder.rootHandler(onlyForApi(auth));
    builder.rootHandler(onlyForApi(limiter.perCaller(CommandApiVerticle::policyOf)));
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoSecurity(false);
    }
    idempotency.installOn(builder);
    MemberAdds memberAdds = new MemberAdds(limiter);
    builder
        .getRoute("createChat")
        .addHandler(new CreateChatHandler(support, directChatIds, memberAdds));
    builder.getRoute("addMember").addHandler(new AddMemberHandler(support, memberAdds));
    builder.getRoute("removeMember").addHandler(new RemoveMemberHandler(support));
    builder.getRoute("sendMessage").addHandler(new SendMessageHandler(support));
    builder.getRoute("editMessage").addHandler(new EditMessageHandler(support));
    builder.getRoute("deleteMessage").addHandler(new DeleteMessageHandler(support));
    builder.getRoute("markRead").addHandler(new MarkReadHandler(support));
    builder.getRoute("live").addHandler(health.liveHandler());
    builder.getRoute("ready").addHandler(health.readyHandler());
    builder.getRoute("metrics").addHandler(metrics.scrapeHandler());
    builder.getRoute("openapi").addHandler(document.serveHandler());
    Router router = builder.createRouter();
    requestMetrics.set(metrics.requestMetrics(router));
    Problems.installOn(router);
    return router;
  }

  private static String policyOf(RoutingContext ctx) {
    return ctx.request().method() == HttpMethod.POST && ctx.normalizedPath().endsWith("/messages")
        ? RateLimitPolicy.MESSAGES
        : RateLimitPolicy.COMMANDS;
  }

  private static Handler<RoutingContext> onlyForApi(Handler<RoutingContext> handler) {
    return ctx -> {
      if (ctx.normalizedPath().startsWith("/v1/")) {
        handler.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }

  /**
   * Blocking: starts the verdict tail, creates the Kafka admin client and reads the schema version
   * from the classpath.
   */
  private Health health(
      ServiceConfig cfg, ChatTopics topics, ReadModel readModel, Metrics metrics) {
    verdictTail =
        new VerdictTail(
                cfg.string("kafka.bootstrap.servers"),
                topics.chatSequenced(),
                readModel,
                cfg.millis("precheck.verdicts.check-ms", Duration.ofMillis(250)),
                cfg.millis("precheck.verdicts.max-lag-ms", Duration.ofSeconds(1)),
                metrics.registry())
            .start();
    admin =
        Admin.create(
            Map.of(
                "bootstrap.servers", cfg.string("kafka.bootstrap.servers"),
                "client.id", "chat-command-api-health",
                "request.timeout.ms", 1500,
                "default.api.timeout.ms", 1500,
                "reconnect.backoff.max.ms", 1000));
    SchemaMigrator migrator =
        new SchemaMigrator(Cassandra.keyspace(cfg), SchemaMigrator.KeyspaceReplication.simple(1));
    return new Health(vertx)
        .add(new KafkaHealthCheck(admin, Duration.ofMillis(1500)))
        .add(
            new CassandraHealthCheck(
                vertx,
                readModelConnection::session,
                migrator.expectedVersion(),
                migrator::appliedVersion,
                true))
        .add(verdictTail);
  }
}

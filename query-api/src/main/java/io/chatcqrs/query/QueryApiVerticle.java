package io.chatcqrs.query;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.events.topics.ChatTopics;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.platform.config.ServiceConfig;
import io.chatcqrs.platform.health.Health;
import io.chatcqrs.platform.health.KafkaHealthCheck;
import io.chatcqrs.platform.http.OpenApiDocument;
import io.chatcqrs.platform.http.UndecodableRequests;
import io.chatcqrs.platform.metrics.Metrics;
import io.chatcqrs.query.cursor.CursorCodec;
import io.chatcqrs.query.http.Consistency;
import io.chatcqrs.query.http.ReadEndpoints;
import io.chatcqrs.query.live.FeedProgress;
import io.chatcqrs.query.live.GroupFeed;
import io.chatcqrs.query.live.InboxRepository;
import io.chatcqrs.query.live.LiveStream;
import io.chatcqrs.query.live.RecentGroupEvents;
import io.chatcqrs.query.live.SseHub;
import io.chatcqrs.query.live.UserEventFeed;
import io.chatcqrs.query.live.ticket.StreamTickets;
import io.chatcqrs.query.live.ticket.TicketCodec;
import io.chatcqrs.query.live.ticket.UsedTickets;
import io.chatcqrs.query.ops.GroupFeedHealthCheck;
import io.chatcqrs.query.ops.LiveFeedHealthCheck;
import io.chatcqrs.query.ops.LiveMetrics;
import io.chatcqrs.query.ops.ReadStoreHealthCheck;
import io.chatcqrs.query.read.chat.ChatDetails;
import io.chatcqrs.query.read.chat.ChatRepository;
import io.chatcqrs.query.read.history.History;
import io.chatcqrs.query.read.history.MessageRepository;
import io.chatcqrs.query.read.rooms.RoomList;
import io.chatcqrs.query.read.rooms.RoomRepository;
import io.chatcqrs.query.resilience.GuardedCassandra;
import io.chatcqrs.query.resilience.ProjectionPositions;
import io.chatcqrs.query.resilience.StaleFallback;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The query service: room lists, chat details, history and the live SSE stream, read from the
 * Cassandra read models, {@code chat.user-events.v1} and {@code chat.group-events.v1}. Deploy one
 * instance per Vert.x (the SSE hub and the feed live on its context); scale out with more processes
 * behind a load balancer.
 *
 * <p>Reads the flat config described in {@link QuerySettings}; {@code jwt.secret} is required.
 */
public final class QueryApiVerticle extends VerticleBase {
  private CqlSession session;
  private GuardedCassandra cassandra;
  private UserEventFeed feed;
  private GroupFeed groupFeed;
  private final FeedProgress groupProgress = new FeedProgress();
  private Duration groupFeedStall;
  private SseHub hub;
  private Admin admin;
  private LiveMetrics liveMetrics;
  private HttpServer server;
  private long heartbeatTimer = -1;

  @Override
  public Future<?> start() {
    QuerySettings settings = QuerySettings.of(config());
    ServiceConfig config = settings.config();
    String secret = config.string("jwt.secret");
    Metrics metrics = new Metrics(Metrics.processRegistry(), "query-api");
    String keyspace = Cassandra.keyspace(config);
    ChatTopics topics = ChatTopics.withPrefix(config.string("topics.prefix", ""));
    return Cassandra.open(vertx, config)
        .compose(
            opened -> {
              session = opened;
              cassandra =
                  new GuardedCassandra(
                      vertx,
                      opened,
                      settings.cassandraTimeout(),
                      settings.breakerMaxFailures(),
                      settings.breakerReset());
              return Future.all(
                  List.<Future<?>>of(
                      RoomRepository.prepare(cassandra, keyspace),
                      ChatRepository.prepare(cassandra, keyspace),
                      MessageRepository.prepare(cassandra, keyspace),
                      InboxRepository.prepare(cassandra, keyspace),
                      ProjectionPositions.prepare(cassandra, keyspace, settings.positionPoll()),
                      OpenApiDocument.load(
                          vertx, config.string("openapi.path", "openapi/query-api.yaml")),
                      UsedTickets.prepare(
                          cassandra, keyspace, settings.ticketTtl(), Duration.ofSeconds(30))));
            })
        .compose(
            prepared -> {
              CursorCodec cursors = CursorCodec.fromSecret(secret);
              ChatRepository chats = prepared.resultAt(1);
              ProjectionPositions positions = prepared.resultAt(4);
              StaleFallback fallback =
                  new StaleFallback(
                      settings.cacheMaxChars(),
                      settings.cacheKeep(),
                      settings.deadline(),
                      Duration.ofSeconds(2),
                      metrics.registry());
              ReadEndpoints reads =
                  new ReadEndpoints(
                      new RoomList(prepared.<RoomRepository>resultAt(0), cursors),
                      new ChatDetails(chats, cursors),
                      new History(chats, prepared.<MessageRepository>resultAt(2), cursors),
                      fallback,
                      new Consistency(positions, settings.consistencyWait()));
              liveMetrics = new LiveMetrics(metrics.registry(), cassandra);
              hub =
                  new SseHub(
                      settings.maxStreamsPerUser(),
                      settings.maxStreams(),
                      liveMetrics::delivered,
                      new RecentGroupEvents(settings.groupBuffer(), System::nanoTime));
              liveMetrics.watch(hub);
              groupFeedStall = settings.groupFeedStall();
              liveMetrics.watch(groupProgress, groupFeedStall);
              hub.onGroupDelivered(liveMetrics::groupDelivered);
              hub.onGroupGap(liveMetrics::groupGap);
              RoomRepository rooms = prepared.resultAt(0);
              LiveStream live =
                  new LiveStream(
                      hub,
                      prepared.<InboxRepository>resultAt(3),
                      positions,
                      settings.stream(),
                      rooms::largeRooms);
              StreamTickets tickets =
                  new StreamTickets(
                      new TicketCodec(
                          TicketCodec.key(settings.ticketSecret(), secret),
                          settings.ticketTtl(),
                          Clock.systemUTC()),
                      prepared.<UsedTickets>resultAt(6),
                      settings.allowAccessToken());
              return startFeed(config, topics)
                  .map(
                      started ->
                          QueryRouter.build(
                              vertx,
                              config,
                              secret,
                              prepared.<OpenApiDocument>resultAt(5),
                              metrics,
                              health(),
                              reads,
                              live,
                              tickets));
            })
        .compose(
            router ->
                vertx
                    .createHttpServer()
                    .requestHandler(UndecodableRequests.guard(router))
                    .listen(config.integer("http.port", 8082), config.string("http.host")))
        .onSuccess(
            listening -> {
              server = listening;
              heartbeatTimer =
                  vertx.setPeriodic(
                      settings.heartbeat().toMillis(), id -> hub.broadcast(": heartbeat\n\n"));
            });
  }

  /** The port the service listens on (useful with {@code http.port} 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private Future<Void> startFeed(ServiceConfig config, ChatTopics topics) {
    String bootstrap = config.string("kafka.bootstrap.servers");
    feed = new UserEventFeed(bootstrap, topics.userEvents(), context, hub::start, hub::dispatch);
    feed.start();
    groupFeed =
        new GroupFeed(bootstrap, topics.groupEvents(), context, hub::dispatchGroup, groupProgress);
    groupFeed.start();
    return vertx
        .executeBlocking(
            () ->
                Admin.create(
                    Map.<String, Object>of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "query-api-health")),
            false)
        .onSuccess(created -> admin = created)
        .mapEmpty();
  }

  private Health health() {
    Health health = new Health(vertx);
    health.add(new KafkaHealthCheck(admin, Duration.ofSeconds(2)));
    health.add(new ReadStoreHealthCheck(cassandra));
    health.add(new LiveFeedHealthCheck(hub));
    health.add(new GroupFeedHealthCheck(groupProgress, groupFeedStall));
    return health;
  }

  @Override
  public Future<?> stop() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    if (hub != null) {
      hub.closeAll();
    }
    if (liveMetrics != null) {
      liveMetrics.close();
    }
    Future<Void> closedServer = server == null ? Future.succeededFuture() : server.close();
    return closedServer.compose(
        v ->
            vertx.executeBlocking(
                () -> {
                  if (feed != null) {
                    feed.close();
                  }
                  if (groupFeed != null) {
                    groupFeed.close();
                  }
                  if (admin != null) {
                    admin.close(Duration.ofSeconds(2));
                  }
                  if (cassandra != null) {
                    cassandra.close();
                  }
                  if (session != null) {
                    session.close();
                  }
                  return null;
                },
                false));
  }
}

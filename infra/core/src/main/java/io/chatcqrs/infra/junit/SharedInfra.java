package io.chatcqrs.infra.junit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.chatcqrs.infra.cassandra.EmbeddedCassandra;
import io.chatcqrs.infra.kafka.EmbeddedKafka;
import io.chatcqrs.infra.provision.Provisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one {@link ChatInfra} of this JVM: started on first use, stopped when the JVM exits. */
final class SharedInfra implements ChatInfra {

  private static final Logger LOG = LoggerFactory.getLogger(SharedInfra.class);
  private static SharedInfra instance;
  private static RuntimeException startFailure;

  private final String bootstrapServers;
  private final List<InetSocketAddress> contactPoints;
  private final String localDatacenter;
  private final EmbeddedKafka kafka;
  private final EmbeddedCassandra cassandra;
  private final CqlSession session;
  private final String runId = Integer.toString(ThreadLocalRandom.current().nextInt(46656), 36);
  private final AtomicInteger sequence = new AtomicInteger();

  private SharedInfra(
      String bootstrapServers,
      List<InetSocketAddress> contactPoints,
      String localDatacenter,
      EmbeddedKafka kafka,
      EmbeddedCassandra cassandra) {
    this.bootstrapServers = bootstrapServers;
    this.contactPoints = List.copyOf(contactPoints);
    this.localDatacenter = localDatacenter;
    this.kafka = kafka;
    this.cassandra = cassandra;
    this.session = openSession(contactPoints, localDatacenter);
  }

  static synchronized SharedInfra get() {
    if (startFailure != null) {
      throw new IllegalStateException("Kafka/Cassandra failed to start earlier", startFailure);
    }
    if (instance == null) {
      try {
        instance = start();
        Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "chat-infra-stop"));
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return instance;
  }

  private static SharedInfra start() {
    long t0 = System.nanoTime();
    String kafkaEnv = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    String cassandraEnv = System.getenv("CASSANDRA_CONTACT_POINTS");
    String dcEnv = System.getenv("CASSANDRA_LOCAL_DC");
    boolean startKafka = kafkaEnv == null || kafkaEnv.isBlank();
    boolean startCassandra = cassandraEnv == null || cassandraEnv.isBlank();
    String mode = System.getProperty("chat.infra", "auto");
    boolean containers =
        (startKafka || startCassandra)
            && (mode.equals("containers") || (mode.equals("auto") && Containers.dockerAvailable()));

    EmbeddedKafka kafka = null;
    EmbeddedCassandra cassandra = null;
    String bootstrap = kafkaEnv;
    List<InetSocketAddress> points = startCassandra ? List.of() : parse(cassandraEnv);
    String dc = dcEnv == null || dcEnv.isBlank() ? EmbeddedCassandra.DATACENTER : dcEnv;
    if (containers) {
      CompletableFuture<String> k =
          startKafka ? CompletableFuture.supplyAsync(Containers::startKafka) : null;
      InetSocketAddress c = startCassandra ? Containers.startCassandra() : null;
      bootstrap = k != null ? join(k) : bootstrap;
      points = c != null ? List.of(c) : points;
    } else if (startKafka || startCassandra) {
      Path dataDir = dataDir();
      kafka = startKafka ? EmbeddedKafka.builder().dataDir(dataDir.resolve("kafka")).build() : null;
      cassandra =
          startCassandra
              ? EmbeddedCassandra.builder()
                  .dataDir(dataDir.resolve("cassandra"))
                  // tests' data is disposable: skip fsync of system tables (faster DDL)
                  .jvmArg("-Dcassandra.unsafesystem=true")
                  .build()
              : null;
      CompletableFuture<?> k =
          kafka != null
              ? CompletableFuture.runAsync(kafka::start)
              : CompletableFuture.completedFuture(null);
      try {
        if (cassandra != null) {
          cassandra.start();
        }
        join(k);
      } catch (RuntimeException e) {
        stopQuietly(kafka, cassandra, k);
        throw e;
      }
      bootstrap = kafka != null ? kafka.bootstrapServers() : bootstrap;
      points = cassandra != null ? List.of(cassandra.contactPoint()) : points;
    }
    LOG.info(
        "chat infra ready in {} ms: kafka {}, cassandra {} ({})",
        (System.nanoTime() - t0) / 1_000_000,
        bootstrap,
        points,
        containers ? "containers" : kafka != null || cassandra != null ? "embedded" : "external");
    return new SharedInfra(bootstrap, points, dc, kafka, cassandra);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private static void stopQuietly(
      EmbeddedKafka kafka, EmbeddedCassandra cassandra, CompletableFuture<?> k) {
    k.handle((ok, error) -> null).join();
    if (kafka != null) {
      kafka.kill();
    }
    if (cassandra != null) {
      cassandra.kill();
    }
  }

  /**
   * {@code target/chat-infra/jvm-<pid>} when run from a module, a temporary directory otherwise.
   */
  private static Path dataDir() {
    try {
      Path target = Path.of("target");
      if (!Files.isDirectory(target)) {
        return Files.createTempDirectory("chat-infra-");
      }
      Path root = target.resolve("chat-infra");
      Files.createDirectories(root);
      try (Stream<Path> old = Files.list(root)) {
        old.filter(SharedInfra::belongsToDeadJvm).forEach(SharedInfra::deleteQuietly);
      }
      return Files.createDirectories(root.resolve("jvm-" + ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean belongsToDeadJvm(Path dir) {
    String name = dir.getFileName().toString();
    if (!name.startsWith("jvm-")) {
      return false;
    }
    try {
      long pid = Long.parseLong(name.substring(4));
      return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }

  static List<InetSocketAddress> parse(String contactPoints) {
    List<InetSocketAddress> result = new ArrayList<>();
    for (String point : contactPoints.split(",")) {
      String trimmed = point.strip();
      int colon = trimmed.lastIndexOf(':');
      result.add(
          colon < 0
              ? new InetSocketAddress(trimmed, 9042)
              : new InetSocketAddress(
                  trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1))));
    }
    return result;
  }

  private static CqlSession openSession(List<InetSocketAddress> points, String dc) {
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
            .build();
    return CqlSession.builder()
        .addContactPoints(points)
        .withLocalDatacenter(dc)
        .withConfigLoader(config)
        .build();
  }

  private void shutdown() {
    try {
      session.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the session failed", e);
    }
    CompletableFuture<?> k =
        kafka != null
            ? CompletableFuture.runAsync(kafka::stop)
            : CompletableFuture.completedFuture(null);
    if (cassandra != null) {
      cassandra.stop();
    }
    k.join();
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public String cassandraContactPoints() {
    return contactPoints.stream()
        .map(point -> point.getHostString() + ":" + point.getPort())
        .collect(Collectors.joining(","));
  }

  @Override
  public InetSocketAddress cassandraContactPoint() {
    return contactPoints.get(0);
  }

  @Override
  public List<InetSocketAddress> cassandraContactPointList() {
    return contactPoints;
  }

  @Override
  public String localDatacenter() {
    return localDatacenter;
  }

  @Override
  public CqlSession session() {
    return session;
  }

  @Override
  public String newTopicPrefix() {
    return "it" + runId + sequence.incrementAndGet() + "-";
  }

  @Override
  public String newKeyspace() {
    return "it_" + runId + "_" + sequence.incrementAndGet();
  }

  @Override
  public Provisioner.Result provision(String topicPrefix, String keyspace) {
    return Provisioner.provision(
        bootstrapServers, session, Provisioner.Settings.local(topicPrefix, keyspace));
  }

  @Override
  public boolean embedded() {
    return kafka != null && cassandra != null;
  }

  @Override
  public EmbeddedKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException(
          "Kafka is external or a container here: only the embedded one can be stopped or killed");
    }
    return kafka;
  }

  @Override
  public EmbeddedCassandra cassandra() {
    if (cassandra == null) {
      throw new IllegalStateException(
          "Cassandra is external or a container here: only the embedded one can be stopped or killed");
    }
    return cassandra;
  }
}

package io.chatcqrs.infra.kafka;

import io.chatcqrs.infra.process.ChildJvm;
import io.chatcqrs.infra.process.ChildStartException;
import io.chatcqrs.infra.process.EmbeddedServer;
import io.chatcqrs.infra.process.Ports;
import io.chatcqrs.infra.process.ServerClasspath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) in a child JVM, for local runs
 * and tests where no Kafka is given.
 *
 * <p>Promises: {@link #start()} returns only when an admin client gets an answer from the broker,
 * or throws a {@link ChildStartException} whose message carries the tail of the broker's log. The
 * storage is formatted on the first start only, so data survives {@link #stop()}, {@link #kill()}
 * and {@link #restart()}; ports chosen once (0 = a free one) stay the same across restarts. Topics
 * are never created automatically. The broker settings make transactions (EOS v2) work on one node.
 */
public final class EmbeddedKafka extends EmbeddedServer<EmbeddedKafka> {

  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
  private static final String BROKER_MAIN = "kafka.Kafka";

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final List<String> jvmArgs;
  private final Map<String, String> overrides;

  private EmbeddedKafka(Builder builder) {
    super("Kafka", builder.startTimeout);
    this.dataDir = builder.dataDir.toAbsolutePath();
    this.port = Ports.orFree(builder.port);
    this.controllerPort = Ports.orFree(builder.controllerPort);
    this.jvmArgs = List.copyOf(builder.jvmArgs);
    this.overrides = Map.copyOf(builder.overrides);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Formats the storage if needed and launches the broker. */
  @Override
  protected ChildJvm launch() {
    try {
      Files.createDirectories(logDir());
      Path config = KafkaConfigFiles.writeServerProperties(this, overrides);
      Path log4j = KafkaConfigFiles.writeLog4j(dataDir);
      if (!Files.exists(storageDir().resolve("meta.properties"))) {
        formatStorage(config);
      }
      List<String> args = new ArrayList<>(jvmArgs);
      args.add("-Dlog4j2.configurationFile=" + log4j.toUri());
      args.add("-Dkafka.logs.dir=" + logDir());
      return ChildJvm.builder("kafka")
          .classpath(ServerClasspath.read(ServerClasspath.KAFKA))
          .mainClass(BROKER_MAIN)
          .jvmArgs(args)
          .args(config.toString())
          .logFile(logFile())
          .workDir(dataDir)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dataDir, e);
    }
  }

  @Override
  protected String address() {
    return bootstrapServers();
  }

  /** {@code 127.0.0.1:<port>}, valid also while the broker is stopped. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return logDir().resolve("kafka.log");
  }

  Path storageDir() {
    return dataDir.resolve("data");
  }

  private Path logDir() {
    return dataDir.resolve("logs");
  }

  private void formatStorage(Path config) {
    ChildJvm format =
        ChildJvm.builder("kafka-storage-format")
            .classpath(ServerClasspath.read(ServerClasspath.KAFKA))
            .mainClass(STORAGE_TOOL)
            .jvmArgs(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
            .args("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
            .logFile(logDir().resolve("format.log"))
            .start();
    try {
      int code = format.waitFor(Duration.ofSeconds(60));
      if (code != 0) {
        format.kill();
        throw ChildStartException.of(
            format, "formatting Kafka storage in " + storageDir() + " failed", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      format.kill();
      throw new ChildStartException("interrupted while formatting Kafka storage", e);
    }
  }

  @Override
  protected void awaitReady(long deadline) {
    while (!Ports.isListening(port)) {
      failIfDeadOrLate(deadline, null);
      pause();
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    try (Admin admin = Admin.create(props)) {
      Exception last = null;
      while (true) {
        failIfDeadOrLate(deadline, last);
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ChildStartException("interrupted while waiting for Kafka", e);
        } catch (Exception e) {
          last = e;
        }
        pause();
      }
    }
  }

  /** Settings of an {@link EmbeddedKafka}; every one has a default. */
  public static final class Builder {
    private Path dataDir;
    private int port;
    private int controllerPort;
    private final List<String> jvmArgs =
        new ArrayList<>(
            List.of(
                "-Xmx512m",
                "-Xms512m",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true"));
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** Where the broker keeps its log segments, configuration and own log (required). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** Client port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** KRaft controller port; 0 (the default) picks a free one. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** Replaces the heap flags, e.g. {@code "1g"} for {@code -Xms1g -Xmx1g}. */
    public Builder heap(String size) {
      jvmArgs.removeIf(arg -> arg.startsWith("-Xmx") || arg.startsWith("-Xms"));
      jvmArgs.add(0, "-Xms" + size);
      jvmArgs.add(0, "-Xmx" + size);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** A broker property that replaces or adds to the defaults. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public EmbeddedKafka build() {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return new EmbeddedKafka(this);
    }
  }
}

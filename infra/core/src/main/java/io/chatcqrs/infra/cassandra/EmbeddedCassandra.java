package io.chatcqrs.infra.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.chatcqrs.infra.process.ChildJvm;
import io.chatcqrs.infra.process.ChildStartException;
import io.chatcqrs.infra.process.EmbeddedServer;
import io.chatcqrs.infra.process.Ports;
import io.chatcqrs.infra.process.ServerClasspath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-node Cassandra 5.0 in a child JVM, for local runs and tests where no Cassandra is given.
 *
 * <p>Promises: {@link #start()} returns only when a CQL session connects and {@code SELECT
 * release_version FROM system.local} answers, or throws a {@link ChildStartException} whose message
 * carries the tail of Cassandra's log. Data survives {@link #stop()}, {@link #kill()} and {@link
 * #restart()}; ports chosen once (0 = a free one) stay the same across restarts. No JMX port is
 * opened. The data centre is {@value #DATACENTER}.
 */
public final class EmbeddedCassandra extends EmbeddedServer<EmbeddedCassandra> {

  public static final String DATACENTER = "datacenter1";
  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";

  private final Path dataDir;
  private final int cqlPort;
  private final int storagePort;
  private final List<String> jvmArgs;

  private EmbeddedCassandra(Builder builder) {
    super("Cassandra", builder.startTimeout);
    this.dataDir = builder.dataDir.toAbsolutePath();
    this.cqlPort = Ports.orFree(builder.cqlPort);
    this.storagePort = Ports.orFree(builder.storagePort);
    this.jvmArgs = List.copyOf(builder.jvmArgs);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Writes the configuration and launches the daemon. */
  @Override
  protected ChildJvm launch() {
    try {
      Files.createDirectories(dataDir.resolve("logs"));
      Path yaml = CassandraConfigFiles.writeYaml(dataDir, cqlPort, storagePort);
      Path logback = CassandraConfigFiles.writeLogback(dataDir);
      List<String> args = new ArrayList<>(jvmArgs);
      args.addAll(CassandraConfigFiles.JAVA17_FLAGS);
      args.add("-Dcassandra.config=" + yaml.toUri());
      args.add("-Dcassandra-foreground=true");
      args.add("-Dcassandra.storagedir=" + dataDir);
      args.add("-Dcassandra.logdir=" + dataDir.resolve("logs"));
      args.add("-Dlogback.configurationFile=" + logback.toUri());
      return ChildJvm.builder("cassandra")
          .classpath(ServerClasspath.read(ServerClasspath.CASSANDRA))
          .mainClass(DAEMON)
          .jvmArgs(args)
          .logFile(logFile())
          .workDir(dataDir)
          // A graceful stop drains: it flushes every table, system_schema included. Cut short, a
          // restart can come back with keyspaces whose tables are gone.
          .stopGrace(Duration.ofSeconds(45))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dataDir, e);
    }
  }

  @Override
  protected String address() {
    return contactPoint().toString();
  }

  /** 127.0.0.1 and the CQL port, valid also while Cassandra is stopped. */
  public InetSocketAddress contactPoint() {
    return new InetSocketAddress("127.0.0.1", cqlPort);
  }

  public String localDatacenter() {
    return DATACENTER;
  }

  public int cqlPort() {
    return cqlPort;
  }

  public int storagePort() {
    return storagePort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return dataDir.resolve("logs").resolve("cassandra.log");
  }

  @Override
  protected void awaitReady(long deadline) {
    Exception last = null;
    while (true) {
      failIfDeadOrLate(deadline, last);
      if (Ports.isListening(cqlPort)) {
        try (CqlSession session = probeSession()) {
          if (session.execute("SELECT release_version FROM system.local").one() != null) {
            return;
          }
        } catch (RuntimeException e) {
          last = e;
        }
      }
      pause();
    }
  }

  private CqlSession probeSession() {
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
            .build();
    return CqlSession.builder()
        .addContactPoint(contactPoint())
        .withLocalDatacenter(DATACENTER)
        .withConfigLoader(config)
        .build();
  }

  /** Settings of an {@link EmbeddedCassandra}; every one has a default. */
  public static final class Builder {
    private Path dataDir;
    private int cqlPort;
    private int storagePort;
    private final List<String> jvmArgs =
        new ArrayList<>(
            List.of(
                "-Xms1g",
                "-Xmx1g",
                "-Xss256k",
                "-XX:+UseG1GC",
                "-XX:+ParallelRefProcEnabled",
                "-XX:MaxGCPauseMillis=300",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-Djava.net.preferIPv4Stack=true",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.superuser_setup_delay_ms=0"));
    private Duration startTimeout = Duration.ofSeconds(90);

    private Builder() {}

    /** Where Cassandra keeps its data, commit log, configuration and own log (required). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** CQL (native transport) port; 0 (the default) picks a free one. */
    public Builder cqlPort(int cqlPort) {
      this.cqlPort = cqlPort;
      return this;
    }

    /** Inter-node storage port; 0 (the default) picks a free one. */
    public Builder storagePort(int storagePort) {
      this.storagePort = storagePort;
      return this;
    }

    /** Replaces the heap flags, e.g. {@code "2g"} for {@code -Xms2g -Xmx2g}. */
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

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public EmbeddedCassandra build() {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return new EmbeddedCassandra(this);
    }
  }
}

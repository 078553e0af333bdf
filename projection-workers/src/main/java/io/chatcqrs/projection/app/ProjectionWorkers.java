package io.chatcqrs.projection.app;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.platform.cassandra.Cassandra;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.ProjectionTopology;
import io.chatcqrs.projection.perchat.ChatRules;
import io.chatcqrs.projection.sink.CassandraSink;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running projection: the Kafka Streams application (per-chat stage and user stage) and the
 * Cassandra sink, each on its own threads. {@link #start} blocks while connecting, so call it off
 * any event loop.
 *
 * <p>{@link #status()} says whether each part can make progress (Streams RUNNING after its first
 * rebalance, the sink's consumer assigned and its batches succeeding), also exposed as the gauges
 * {@code chat.projection.ready{part}} and {@code chat.projection.streams.state{state}}. {@link
 * #liveness()} says whether a part stopped for good without {@link #close()} (Streams in ERROR or
 * shut down, the sink thread ended), so that the process must be restarted; gauge {@code
 * chat.projection.live{part}}. {@link #close()} leaves both consumer groups, so that a successor
 * started with the same settings is assigned the partitions at once. A failed {@link #start} closes
 * what it had started.
 */
public final class ProjectionWorkers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorkers.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final StreamsProgress progress;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CqlSession session;
  private final CassandraSink sink;
  private final MeterRegistry registry;
  private final List<Meter> gauges = new ArrayList<>();
  private volatile boolean closing;

  private ProjectionWorkers(
      KafkaStreams streams,
      StreamsProgress progress,
      KafkaStreamsMetrics streamsMetrics,
      CqlSession session,
      CassandraSink sink,
      MeterRegistry registry) {
    this.streams = streams;
    this.progress = progress;
    this.streamsMetrics = streamsMetrics;
    this.session = session;
    this.sink = sink;
    this.registry = registry;
    registerGauges();
  }

  /**
   * Checks {@code config} ({@link ProjectionConfig#validate()}), connects and starts whichever
   * parts it enables; the sink's Cassandra session is the platform's ({@link Cassandra#connect}, so
   * the {@code cassandra.*} session settings apply). If any part fails to start, closes the parts
   * already started (Streams, the Cassandra session) and rethrows.
   */
  public static ProjectionWorkers start(ProjectionConfig config, ProjectionMetrics metrics) {
    config.validate();
    KafkaStreams streams = null;
    StreamsProgress progress = null;
    KafkaStreamsMetrics streamsMetrics = null;
    CqlSession session = null;
    CassandraSink sink = null;
    try {
      if (config.streamsEnabled()) {
        StreamsBuilder builder = new StreamsBuilder();
        ProjectionTopology.build(
            builder,
            config.topics(),
            new ChatRules(config.maxGroupMembers(), config.fanOutReadThreshold()),
            metrics);
        streams =
            new KafkaStreams(
                builder.build(),
                ProjectionTopology.streamsConfig(
                    config.applicationId(), config.bootstrapServers(), config.streamsOverrides()));
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        ReplacementBudget budget =
            new ReplacementBudget(3, Duration.ofMinutes(1), System::nanoTime);
        streams.setUncaughtExceptionHandler(
            e -> {
              StreamThreadExceptionResponse answer = budget.onFailure();
              if (answer == StreamThreadExceptionResponse.REPLACE_THREAD) {
                LOG.error("stream thread failed, replacing it", e);
              } else {
                LOG.error(
                    "stream thread failed again (> 3 times a minute), stopping Kafka Streams", e);
              }
              return answer;
            });
        progress = new StreamsProgress(config.rebalanceGrace(), System::nanoTime);
        StreamsProgress watched = progress;
        streams.setStateListener(
            (newState, oldState) -> {
              LOG.info("kafka streams {} -> {}", oldState, newState);
              watched.onChange(newState, oldState);
            });
        streams.start();
      }
      if (config.sinkEnabled()) {
        session = Cassandra.connect(config.config());
        sink = new CassandraSink(config.sinkSettings(), session, metrics).start();
      }
      return new ProjectionWorkers(
          streams, progress, streamsMetrics, session, sink, metrics.registry());
    } catch (RuntimeException | Error e) {
      LOG.error("projection workers failed to start, closing what was started: {}", e.toString());
      closeQuietly(streams, streamsMetrics, sink, session);
      throw e;
    }
  }

  private static void closeQuietly(
      KafkaStreams streams,
      KafkaStreamsMetrics streamsMetrics,
      CassandraSink sink,
      CqlSession session) {
    try {
      if (sink != null) {
        sink.close();
      }
      if (streams != null) {
        closeStreams(streams, streamsMetrics);
      }
      if (session != null) {
        session.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("closing after a failed start failed too", e);
    }
  }

  /**
   * Whether each enabled part can make progress: {@code streams} once the client is RUNNING (its
   * first rebalance done, its tasks assigned and restored; a later rebalance within the grace
   * period still counts), {@code sink} once it resolved its topic epochs and its consumer is
   * assigned, while its thread runs and its batches succeed (not after {@value
   * CassandraSink#MAX_FAILURES} failed batches in a row, nor while one batch writes for longer than
   * 30 s), see {@link CassandraSink#status()}.
   */
  public List<PartStatus> status() {
    List<PartStatus> out = new ArrayList<>();
    if (streams != null) {
      out.add(progress.status(tasks()));
    }
    if (sink != null) {
      var s = sink.status();
      out.add(new PartStatus("sink", s.ready(), s.detail()));
    }
    return out;
  }

  /**
   * Per enabled part, whether it is alive: false once it stopped for good other than through {@link
   * #close()}, so that only a restart of the process helps. {@code streams}: in ERROR or
   * PENDING_ERROR, or PENDING_SHUTDOWN / NOT_RUNNING (say the stream threads failed more than 3
   * times a minute and the client was shut down); {@code sink}: its thread ended ({@link
   * CassandraSink#stoppedUnexpectedly()}). A part that cannot progress for now (Kafka or Cassandra
   * down, a rebalance) is alive: readiness says so.
   */
  public List<PartStatus> liveness() {
    List<PartStatus> out = new ArrayList<>();
    if (streams != null) {
      KafkaStreams.State s = progress.state();
      boolean dead = !closing && progress.stopped();
      out.add(
          new PartStatus(
              "streams", !dead, dead ? "kafka streams stopped: " + s : "kafka streams " + s));
    }
    if (sink != null) {
      boolean dead = !closing && sink.stoppedUnexpectedly();
      out.add(
          new PartStatus(
              "sink", !dead, dead ? "sink thread stopped: " + sink.lastFailure() : "sink running"));
    }
    return out;
  }

  /** Whether every enabled part can make progress, see {@link #status()}. */
  public boolean isHealthy() {
    return status().stream().allMatch(PartStatus::ready);
  }

  private String tasks() {
    try {
      int active = 0;
      for (ThreadMetadata t : streams.metadataForLocalThreads()) {
        active += t.activeTasks().size();
      }
      return active + " active tasks";
    } catch (RuntimeException e) {
      return "tasks unknown (" + e.getMessage() + ")";
    }
  }

  /** One part's readiness, without the detail (a metrics scrape need not list the tasks). */
  private boolean partReady(String part) {
    return part.equals("streams") ? progress.status("").ready() : sink.status().ready();
  }

  private boolean partLive(String part) {
    return liveness().stream().anyMatch(s -> s.part().equals(part) && s.ready());
  }

  private void registerReadyAndLive(String part) {
    gauges.add(
        Gauge.builder("chat.projection.ready", this, w -> w.partReady(part) ? 1 : 0)
            .description("1 while this part of the projection can make progress, else 0")
            .tag("part", part)
            .register(registry));
    gauges.add(
        Gauge.builder("chat.projection.live", this, w -> w.partLive(part) ? 1 : 0)
            .description("1 while this part of the projection runs, 0 once it stopped for good")
            .tag("part", part)
            .register(registry));
  }

  private void registerGauges() {
    if (streams != null) {
      registerReadyAndLive("streams");
      for (KafkaStreams.State s : KafkaStreams.State.values()) {
        gauges.add(
            Gauge.builder("chat.projection.streams.state", progress, p -> p.state() == s ? 1 : 0)
                .description("1 for the Kafka Streams client's current state, 0 for the others")
                .tag("state", s.name())
                .register(registry));
      }
    }
    if (sink != null) {
      registerReadyAndLive("sink");
    }
  }

  /** Closes Streams, leaving its group (static member or not), then its metrics. */
  private static void closeStreams(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics) {
    boolean done =
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
    if (!done) {
      LOG.warn("kafka streams did not stop within {}", CLOSE_TIMEOUT);
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
  }

  /**
   * Stops both parts at once and waits: Streams commits, leaves its group (static member or not)
   * and closes; the sink leaves its group, keeping only its last commit.
   */
  @Override
  public void close() {
    closing = true;
    gauges.forEach(registry::remove);
    CompletableFuture<Void> streamsClosed =
        streams == null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(() -> closeStreams(streams, streamsMetrics));
    if (sink != null) {
      sink.close();
    }
    streamsClosed.join();
    if (session != null) {
      session.close();
    }
  }
}

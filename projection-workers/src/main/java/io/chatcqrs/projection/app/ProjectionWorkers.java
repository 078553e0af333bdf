package io.chatcqrs.projection.app;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.projection.ProjectionMetrics;
import io.chatcqrs.projection.ProjectionTopology;
import io.chatcqrs.projection.perchat.ChatRules;
import io.chatcqrs.projection.sink.CassandraSink;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running projection: the Kafka Streams application (per-chat stage and user stage) and the
 * Cassandra sink, each on its own threads. {@link #start} blocks while connecting, so call it off
 * any event loop.
 */
public final class ProjectionWorkers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionWorkers.class);

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CqlSession session;
  private final CassandraSink sink;

  private ProjectionWorkers(
      KafkaStreams streams,
      KafkaStreamsMetrics streamsMetrics,
      CqlSession session,
      CassandraSink sink) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.session = session;
    this.sink = sink;
  }

  /** Connects and starts whichever parts {@code config} enables. */
  public static ProjectionWorkers start(ProjectionConfig config, ProjectionMetrics metrics) {
    KafkaStreams streams = null;
    KafkaStreamsMetrics streamsMetrics = null;
    if (config.flag("projection.streams.enabled", true)) {
      StreamsBuilder builder = new StreamsBuilder();
      ProjectionTopology.build(
          builder,
          config.topics(),
          new ChatRules((int) config.number("projection.max-group-members", 1000)),
          metrics);
      streams =
          new KafkaStreams(
              builder.build(),
              ProjectionTopology.streamsConfig(
                  config.string("projection.application.id", "chat-projection"),
                  config.required("kafka.bootstrap.servers"),
                  config.streamsOverrides()));
      streamsMetrics = new KafkaStreamsMetrics(streams);
      streamsMetrics.bindTo(metrics.registry());
      streams.setUncaughtExceptionHandler(
          e -> {
            LOG.error("stream thread failed, replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
                .StreamThreadExceptionResponse.REPLACE_THREAD;
          });
      streams.start();
    }
    CqlSession session = null;
    CassandraSink sink = null;
    if (config.flag("projection.sink.enabled", true)) {
      session =
          CqlSession.builder()
              .addContactPoints(config.contactPoints())
              .withLocalDatacenter(config.string("cassandra.local.dc", "datacenter1"))
              .build();
      sink = new CassandraSink(config.sinkSettings(), session, metrics).start();
    }
    return new ProjectionWorkers(streams, streamsMetrics, session, sink);
  }

  /** Whether every enabled part is running. */
  public boolean isHealthy() {
    boolean streamsOk =
        streams == null
            || streams.state() == KafkaStreams.State.RUNNING
            || streams.state() == KafkaStreams.State.REBALANCING;
    return streamsOk && (sink == null || sink.isRunning());
  }

  /** Stops both parts (Streams commits cleanly; the sink only leaves its last commit) and waits. */
  @Override
  public void close() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
      streamsMetrics.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (session != null) {
      session.close();
    }
  }
}

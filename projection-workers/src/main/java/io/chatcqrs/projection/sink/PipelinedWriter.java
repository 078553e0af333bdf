package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.chatcqrs.projection.ProjectionMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes to Cassandra with a bounded number of requests in flight: writes to the same partition
 * travel together in unlogged batches (one mutation per partition, applied atomically), different
 * partitions go concurrently. When all permits are taken the caller waits, running its keep-alive
 * (which pauses the Kafka consumer) instead of buffering more. Every statement of a request that
 * succeeded counts once in {@code chat_projection_cql_writes_total{table}}.
 */
final class PipelinedWriter {
  private final CqlSession session;
  private final Semaphore permits;
  private final int maxBatchStatements;
  private final ProjectionMetrics metrics;

  PipelinedWriter(
      CqlSession session, int maxInFlight, int maxBatchStatements, ProjectionMetrics metrics) {
    this.session = session;
    this.metrics = metrics;
    this.permits = new Semaphore(maxInFlight);
    this.maxBatchStatements = maxBatchStatements;
  }

  /**
   * Submits every write and returns a future that completes when all succeeded, or fails with the
   * first failure (after which nothing more is submitted).
   *
   * @return the future and the number of requests sent
   */
  CompletableFuture<Void> submit(List<KeyedWrite> writes, Runnable keepAlive)
      throws InterruptedException {
    Map<String, List<KeyedWrite>> byPartition = new LinkedHashMap<>();
    for (KeyedWrite w : writes) {
      byPartition.computeIfAbsent(w.partition(), k -> new ArrayList<>()).add(w);
    }
    List<CompletableFuture<?>> pending = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (List<KeyedWrite> group : byPartition.values()) {
      for (int from = 0; from < group.size() && failure.get() == null; from += maxBatchStatements) {
        List<KeyedWrite> chunk =
            group.subList(from, Math.min(group.size(), from + maxBatchStatements));
        while (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
          keepAlive.run();
        }
        CompletableFuture<?> f =
            session
                .executeAsync(statement(chunk))
                .toCompletableFuture()
                .whenComplete(
                    (r, e) -> {
                      permits.release();
                      if (e != null) {
                        failure.compareAndSet(null, e);
                      } else {
                        for (KeyedWrite w : chunk) {
                          metrics.cqlWrite(w.table());
                        }
                      }
                    });
        pending.add(f);
      }
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  private static Statement<?> statement(List<KeyedWrite> chunk) {
    if (chunk.size() == 1) {
      return chunk.get(0).statement();
    }
    List<BoundStatement> statements = new ArrayList<>(chunk.size());
    for (KeyedWrite w : chunk) {
      statements.add(w.statement());
    }
    return BatchStatement.newInstance(BatchType.UNLOGGED)
        .addAll(statements)
        .setIdempotent(true)
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
  }
}

package io.chatcqrs.projection.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
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
 * (which pauses the Kafka consumer) instead of buffering more.
 */
final class PipelinedWriter {
  private final CqlSession session;
  private final Semaphore permits;
  private final int maxBatchStatements;

  PipelinedWriter(CqlSession session, int maxInFlight, int maxBatchStatements) {
    this.session = session;
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
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (KeyedWrite w : writes) {
      byPartition.computeIfAbsent(w.partition(), k -> new ArrayList<>()).add(w.statement());
    }
    List<CompletableFuture<?>> pending = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (List<BoundStatement> group : byPartition.values()) {
      for (int from = 0; from < group.size() && failure.get() == null; from += maxBatchStatements) {
        List<BoundStatement> chunk =
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
                      }
                    });
        pending.add(f);
      }
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  private static Statement<?> statement(List<BoundStatement> chunk) {
    if (chunk.size() == 1) {
      return chunk.get(0);
    }
    return BatchStatement.newInstance(BatchType.UNLOGGED)
        .addAll(chunk)
        .setIdempotent(true)
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
  }
}

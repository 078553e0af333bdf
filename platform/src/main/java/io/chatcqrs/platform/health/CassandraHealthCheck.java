package io.chatcqrs.platform.health;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.chatcqrs.platform.async.Futures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Cassandra answers a trivial query and the read-model schema is at the version the code expects.
 * The applied version is read by a (possibly blocking) function, run on a worker thread.
 */
public final class CassandraHealthCheck implements HealthCheck {
  private final Vertx vertx;
  private final Supplier<CqlSession> session;
  private final int expectedVersion;
  private final ToIntFunction<CqlSession> appliedVersion;
  private final boolean critical;

  /**
   * @param session the current session, or a supplier returning null while not connected
   * @param expectedVersion the schema version this code needs ({@code
   *     SchemaMigrator.expectedVersion()})
   * @param appliedVersion reads the schema version the database is at ({@code
   *     SchemaMigrator::appliedVersion}); may block
   * @param critical whether the service is unready without Cassandra
   */
  public CassandraHealthCheck(
      Vertx vertx,
      Supplier<CqlSession> session,
      int expectedVersion,
      ToIntFunction<CqlSession> appliedVersion,
      boolean critical) {
    this.vertx = vertx;
    this.session = session;
    this.expectedVersion = expectedVersion;
    this.appliedVersion = appliedVersion;
    this.critical = critical;
  }

  @Override
  public String name() {
    return "cassandra";
  }

  @Override
  public boolean critical() {
    return critical;
  }

  @Override
  public Future<Void> check() {
    CqlSession current = session.get();
    if (current == null) {
      return Future.failedFuture("not connected");
    }
    SimpleStatement ping =
        SimpleStatement.newInstance("SELECT release_version FROM system.local")
            .setTimeout(Duration.ofSeconds(2));
    return Futures.from(current.executeAsync(ping))
        .compose(rows -> vertx.executeBlocking(() -> appliedVersion.applyAsInt(current), false))
        .compose(
            applied ->
                applied == expectedVersion
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture(
                        "schema at version " + applied + ", expected " + expectedVersion));
  }
}

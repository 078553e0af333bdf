package io.chatcqrs.query.read;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.chatcqrs.platform.async.Futures;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named CQL statements prepared together, asynchronously, once at start. Templates use {@code %s}
 * for the keyspace.
 */
public final class PreparedStatements {
  private final CqlSession session;
  private final String keyspace;
  private final Map<String, String> queries = new HashMap<>();

  /** Statements for {@code keyspace} on {@code session}. */
  public PreparedStatements(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  /** Adds a statement; every {@code %s} in the template becomes the keyspace. */
  public PreparedStatements add(String name, String template) {
    queries.put(name, template.replace("%s", keyspace));
    return this;
  }

  /** Prepares every statement concurrently; fails if any fails. */
  public Future<Map<String, PreparedStatement>> prepareAll() {
    Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();
    List<Future<PreparedStatement>> all =
        queries.entrySet().stream()
            .map(
                entry ->
                    Futures.from(session.prepareAsync(entry.getValue()))
                        .onSuccess(statement -> prepared.put(entry.getKey(), statement)))
            .toList();
    return Future.all(all).map(done -> Map.copyOf(prepared));
  }
}

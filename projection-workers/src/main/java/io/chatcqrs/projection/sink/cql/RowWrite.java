package io.chatcqrs.projection.sink.cql;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One write of a read model before the driver binds it: the statement, the Cassandra partition it
 * touches ({@code table|key}, the batch key: writes with the same key travel in one unlogged batch)
 * and its values by marker name. A marker missing from {@code values} is left unset; a present null
 * is written as null. Built by {@link SinkStatement#write}.
 *
 * @param statement what it executes
 * @param partition the batch key, e.g. {@code rooms_by_user|alice}
 * @param values the bound values by marker name (may hold nulls)
 */
public record RowWrite(SinkStatement statement, String partition, Map<String, Object> values) {

  /** The table it writes. */
  public String table() {
    return statement.table();
  }

  /** The value bound to {@code :marker} (null when bound to null or unset). */
  public Object value(String marker) {
    if (!statement.markers().contains(marker)) {
      throw new IllegalArgumentException(statement.table() + " has no marker :" + marker);
    }
    return values.get(marker);
  }

  /** The markers left unset (the columns this write does not touch). */
  public Set<String> unset() {
    Set<String> unset = new LinkedHashSet<>(statement.markers());
    unset.removeAll(values.keySet());
    return unset;
  }
}

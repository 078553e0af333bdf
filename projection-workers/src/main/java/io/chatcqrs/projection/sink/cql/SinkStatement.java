package io.chatcqrs.projection.sink.cql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One CQL write of the sink, with NAMED bind markers ({@code :chat_id}) and the keyspace left as
 * {@code {keyspace}}: the read-model class that owns it declares it as a constant, the driver
 * adapter ({@code sink.PreparedWrites}) prepares it once per session, and {@link #write} checks
 * that a write addresses every marker by name, so a typo or a forgotten column fails in the read
 * model's unit test rather than in Cassandra.
 */
public final class SinkStatement {
  private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)");

  private final String table;
  private final String template;
  private final Set<String> markers;

  private SinkStatement(String table, String template) {
    this.table = Objects.requireNonNull(table, "table");
    this.template = Objects.requireNonNull(template, "template");
    if (!template.contains("{keyspace}." + table + " ")) {
      throw new IllegalArgumentException("statement does not write {keyspace}." + table);
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(template);
    while (m.find()) {
      if (!names.add(m.group(1))) {
        throw new IllegalArgumentException("marker :" + m.group(1) + " used twice");
      }
    }
    this.markers = Collections.unmodifiableSet(names);
  }

  /** A statement writing {@code table}; {@code template} names it as {@code {keyspace}.table}. */
  public static SinkStatement of(String table, String template) {
    return new SinkStatement(table, template);
  }

  /** The table it writes (the {@code table} tag of {@code chat_projection_cql_writes_total}). */
  public String table() {
    return table;
  }

  /** The CQL with named markers, the keyspace still a placeholder. */
  public String template() {
    return template;
  }

  /** The CQL for {@code keyspace}. */
  public String cql(String keyspace) {
    return template.replace("{keyspace}", keyspace);
  }

  /** The names of its bind markers, in the order they appear. */
  public Set<String> markers() {
    return markers;
  }

  /**
   * The write of these bindings to the Cassandra partition {@code partition} (the batch key).
   *
   * @throws IllegalArgumentException unless the bindings address exactly this statement's markers
   */
  public RowWrite write(String partition, Bindings bindings) {
    if (!bindings.addressed().equals(markers)) {
      throw new IllegalArgumentException(
          "bindings "
              + bindings.addressed()
              + " do not match the markers "
              + markers
              + " of "
              + table);
    }
    return new RowWrite(this, partition, bindings.values());
  }

  @Override
  public String toString() {
    return template;
  }
}

package io.chatcqrs.events.topics;

import java.util.Map;
import java.util.Objects;

/**
 * The declarative definition of one topic. Replication factor and {@code min.insync.replicas} are
 * deployment choices and are supplied by the provisioner's configuration, not here.
 *
 * @param name the full topic name (with any test prefix applied)
 * @param partitions the partition count; only ever increased
 * @param retentionMs {@code retention.ms}; -1 keeps records forever
 * @param cleanupPolicy {@code cleanup.policy}: delete or compact
 * @param extraConfigs further topic configs
 */
public record TopicSpec(
    String name,
    int partitions,
    long retentionMs,
    String cleanupPolicy,
    Map<String, String> extraConfigs) {
  /** Validates and copies. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive");
    }
    extraConfigs = Map.copyOf(extraConfigs);
  }

  /** The topic configs this spec sets (retention, cleanup policy and extras). */
  public Map<String, String> configs() {
    var all = new java.util.TreeMap<>(extraConfigs);
    all.put("retention.ms", Long.toString(retentionMs));
    all.put("cleanup.policy", cleanupPolicy);
    return all;
  }
}

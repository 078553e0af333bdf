package io.chatcqrs.events.topics;

import java.util.Map;
import java.util.Objects;

/**
 * The declarative definition of one topic. Replication factor and {@code min.insync.replicas} are
 * deployment choices and are supplied by the provisioner's configuration, not here.
 *
 * @param name the full topic name (with any test prefix applied)
 * @param partitions the partition count the topic is created with
 * @param retentionMs {@code retention.ms}; -1 keeps records forever
 * @param cleanupPolicy {@code cleanup.policy}: delete or compact
 * @param extraConfigs further topic configs
 * @param partitioning whether the partition count may change once the topic exists
 */
public record TopicSpec(
    String name,
    int partitions,
    long retentionMs,
    String cleanupPolicy,
    Map<String, String> extraConfigs,
    Partitioning partitioning) {

  /** Whether a topic's partition count may change once it exists. */
  public enum Partitioning {
    /**
     * Records are keyed (chat_id, user_id) and consumers depend on a key staying in its partition:
     * per-key state, per-key order, offsets as write timestamps. The count is fixed at creation;
     * moving to another count is a migration to new topics (docs/operations.md).
     */
    FIXED,
    /** Nothing depends on which partition a record is in (dead letters): the count may grow. */
    GROWABLE
  }

  /** Validates and copies. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(partitioning, "partitioning");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive");
    }
    extraConfigs = Map.copyOf(extraConfigs);
  }

  /** A topic whose partition count is {@link Partitioning#FIXED}: the safe default. */
  public TopicSpec(
      String name,
      int partitions,
      long retentionMs,
      String cleanupPolicy,
      Map<String, String> extraConfigs) {
    this(name, partitions, retentionMs, cleanupPolicy, extraConfigs, Partitioning.FIXED);
  }

  /** The same topic with another partition count (a deployment's choice for a new topic set). */
  public TopicSpec withPartitions(int count) {
    return new TopicSpec(name, count, retentionMs, cleanupPolicy, extraConfigs, partitioning);
  }

  /** The topic configs this spec sets (retention, cleanup policy and extras). */
  public Map<String, String> configs() {
    var all = new java.util.TreeMap<>(extraConfigs);
    all.put("retention.ms", Long.toString(retentionMs));
    all.put("cleanup.policy", cleanupPolicy);
    return all;
  }
}

package io.chatcqrs.infra.provision;

/**
 * The deployment's choices that topic definitions leave open: replication factor and {@code
 * min.insync.replicas} of every topic. {@link #LOCAL} for a single broker, {@link #CLUSTER} for the
 * three-broker production shape.
 */
public record TopicDefaults(short replicationFactor, int minInsyncReplicas) {

  public static final TopicDefaults LOCAL = new TopicDefaults((short) 1, 1);
  public static final TopicDefaults CLUSTER = new TopicDefaults((short) 3, 2);

  public TopicDefaults {
    if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "need 1 <= min.insync.replicas ("
              + minInsyncReplicas
              + ") <= RF ("
              + replicationFactor
              + ")");
    }
  }
}

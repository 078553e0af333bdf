package io.chatcqrs.events.crypto;

import io.chatcqrs.events.topics.TopicSpec;
import java.time.Duration;
import java.util.Map;

/**
 * The key store's topic, {@code chat.keys.v1}: compacted, kept forever, one partition. Not yet in
 * {@link io.chatcqrs.events.topics.ChatTopics#all()}: it joins the provisioned topics when the
 * services are wired to encrypt (docs/privacy.md).
 *
 * <p>The compaction settings bound how long the wrapped material of a destroyed key stays in the
 * broker's log: segments roll hourly and the cleaner must compact a record within a day, then the
 * material's tombstone itself goes a day later.
 */
public final class KeyTopic {
  /** The topic's name without prefix. */
  public static final String NAME = "chat.keys.v1";

  private static final String HOUR_MS = Long.toString(Duration.ofHours(1).toMillis());
  private static final String DAY_MS = Long.toString(Duration.ofDays(1).toMillis());

  private KeyTopic() {}

  /** The topic's name with {@code prefix} (tests) applied. */
  public static String name(String prefix) {
    return (prefix == null ? "" : prefix) + NAME;
  }

  /** The topic's definition, for the provisioner. */
  public static TopicSpec spec(String prefix) {
    return new TopicSpec(
        name(prefix),
        1,
        -1,
        "compact",
        Map.of(
            "segment.ms", HOUR_MS,
            "max.compaction.lag.ms", DAY_MS,
            "min.compaction.lag.ms", "0",
            "delete.retention.ms", DAY_MS,
            "min.cleanable.dirty.ratio", "0.1"));
  }
}

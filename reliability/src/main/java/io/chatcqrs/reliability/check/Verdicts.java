package io.chatcqrs.reliability.check;

import io.chatcqrs.events.codec.JsonSerde;
import io.chatcqrs.events.projection.SequencedEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The per-chat stage's verdicts ({@code chat.sequenced.v1}, read_committed) by the position of the
 * chat event they judge: what happened to each record of {@code chat.events.v1}.
 */
public final class Verdicts {
  private final Map<String, Verdict> bySource;
  private final int undecodable;

  private Verdicts(Map<String, Verdict> bySource, int undecodable) {
    this.bySource = Map.copyOf(bySource);
    this.undecodable = undecodable;
  }

  /** One verdict: accepted, duplicate or rejected, and why. */
  public record Verdict(SequencedEvent.Outcome outcome, String reason) {}

  /** Exactly these verdicts, by chat.events.v1 position (for tests of the checks). */
  static Verdicts of(Map<io.chatcqrs.platform.position.Position, Verdict> verdicts) {
    Map<String, Verdict> bySource = new HashMap<>();
    verdicts.forEach((p, v) -> bySource.put(key(p.partition(), p.offset()), v));
    return new Verdicts(bySource, 0);
  }

  /** Reads {@code topic} from the beginning to its current end. */
  public static Verdicts read(String bootstrap, String topic) {
    Deserializer<SequencedEvent> decoder = new JsonSerde<>(SequencedEvent.class).deserializer();
    Map<String, Verdict> bySource = new HashMap<>();
    int[] undecodable = {0};
    TopicReader.readToEnd(
        bootstrap,
        topic,
        r -> {
          try {
            SequencedEvent e = decoder.deserialize(topic, r.value());
            bySource.put(
                key(e.source().partition(), e.source().offset()),
                new Verdict(e.outcome(), e.reason()));
          } catch (RuntimeException e) {
            undecodable[0]++;
          }
        });
    return new Verdicts(bySource, undecodable[0]);
  }

  /** The verdict on the chat event at that partition and offset of chat.events.v1, if any yet. */
  public Optional<Verdict> of(int partition, long offset) {
    return Optional.ofNullable(bySource.get(key(partition, offset)));
  }

  /** Records of chat.sequenced.v1 that did not decode as verdicts. */
  public int undecodable() {
    return undecodable;
  }

  private static String key(int partition, long offset) {
    return partition + ":" + offset;
  }
}

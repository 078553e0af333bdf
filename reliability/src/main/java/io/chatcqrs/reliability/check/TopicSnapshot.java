package io.chatcqrs.reliability.check;

import io.chatcqrs.events.ChatEvent;
import io.chatcqrs.events.MessageSent;
import io.chatcqrs.events.codec.ChatEventCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every record of {@code chat.events.v1} up to its end offsets at the time of reading, decoded, in
 * partition and offset order: the history of record that the checks rebuild the read models from.
 */
public final class TopicSnapshot {
  private final List<Located> events;
  private final Map<String, Located> byPosition = new HashMap<>();
  private final Map<String, Integer> sendsByMessageId = new HashMap<>();
  private final int undecodable;

  private TopicSnapshot(List<Located> events, int undecodable) {
    this.events = List.copyOf(events);
    this.undecodable = undecodable;
    for (Located e : events) {
      byPosition.put(e.partition() + ":" + e.offset(), e);
      if (e.event() instanceof MessageSent sent) {
        sendsByMessageId.merge(sent.messageId().value(), 1, Integer::sum);
      }
    }
  }

  /** A snapshot of exactly {@code events} (for tests of the checks). */
  static TopicSnapshot of(List<Located> events) {
    return new TopicSnapshot(events, 0);
  }

  /** An event and where it sits. */
  public record Located(int partition, long offset, ChatEvent event) {}

  /** Reads {@code topic} from the beginning to its current end (read_committed), within 60 s. */
  public static TopicSnapshot read(String bootstrap, String topic) {
    List<Located> events = new ArrayList<>();
    int[] undecodable = {0};
    TopicReader.readToEnd(
        bootstrap,
        topic,
        r -> {
          try {
            events.add(new Located(r.partition(), r.offset(), ChatEventCodec.decode(r.value())));
          } catch (ChatEventCodec.UndecodableEventException e) {
            undecodable[0]++;
          }
        });
    events.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    return new TopicSnapshot(events, undecodable[0]);
  }

  /** Every decodable event, partition by partition, in offset order (so each chat in order). */
  public List<Located> events() {
    return events;
  }

  /** The event at that partition and offset. */
  public Optional<Located> at(int partition, long offset) {
    return Optional.ofNullable(byPosition.get(partition + ":" + offset));
  }

  /** How many MessageSent records carry {@code messageId} (retries may append more than one). */
  public int sendsOf(String messageId) {
    return sendsByMessageId.getOrDefault(messageId, 0);
  }

  /**
   * MessageSent records beyond the first per message id: appends whose answer was lost (a 503 or a
   * timeout although the broker had the record) and that a client retry then appended again.
   */
  public int duplicateSends() {
    return sendsByMessageId.values().stream().mapToInt(n -> n - 1).sum();
  }

  /**
   * Events on a chat that has no ChatCreated before them in its partition: appended for a chat that
   * did not exist, which the command side must never do (Contract v1.1, "Safety of every command").
   */
  public List<Located> onUnknownChats() {
    java.util.Set<String> created = new java.util.HashSet<>();
    List<Located> orphans = new ArrayList<>();
    for (Located e : events) {
      if (e.event() instanceof io.chatcqrs.events.ChatCreated) {
        created.add(e.event().chatId().value());
      } else if (!created.contains(e.event().chatId().value())) {
        orphans.add(e);
      }
    }
    return orphans;
  }

  /** Records that were not chat events (the command side must never write any). */
  public int undecodable() {
    return undecodable;
  }
}

package io.chatcqrs.events.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The immutable registry of the system's topics: their names (optionally prefixed, so that tests
 * can isolate themselves) and their declarative definitions. Every producer, consumer, topology and
 * the provisioner take names from here.
 */
public final class ChatTopics {
  /**
   * Partition count of the keyed topics when they are created; all events of a chat share the
   * chat's partition. Fixed once a topic exists ({@link TopicSpec.Partitioning#FIXED}).
   */
  public static final int DEFAULT_PARTITIONS = 6;

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final String prefix;

  private ChatTopics(String prefix) {
    this.prefix = prefix;
  }

  /** The production topic names. */
  public static ChatTopics standard() {
    return new ChatTopics("");
  }

  /** Topic names prefixed with {@code prefix} (for tests and side-by-side deployments). */
  public static ChatTopics withPrefix(String prefix) {
    return new ChatTopics(prefix == null ? "" : prefix);
  }

  /** The prefix applied to every name ("" in production). */
  public String prefix() {
    return prefix;
  }

  /**
   * Every chat event the command side appended, key chat_id: the history of record, kept forever.
   * Partition count fixed (per-chat state and order, offsets are write timestamps).
   */
  public String chatEvents() {
    return prefix + "chat.events.v1";
  }

  /**
   * The per-chat stage's verdict on every chat event, key chat_id, in the chat's order: accepted
   * (with seq), duplicate or rejected (with reason), plus the affected members' unread state. Kept
   * forever: with {@link #chatEvents()} it lets anyone rebuild every room exactly as users saw it.
   * Partition count fixed (per-chat order).
   */
  public String chatSequenced() {
    return prefix + "chat.sequenced.v1";
  }

  /**
   * Fan-out per member, key user_id: what each user's live stream and room list see. Days.
   * Partition count fixed (per-user order, offsets are write timestamps and inbox positions).
   */
  public String userEvents() {
    return prefix + "chat.user-events.v1";
  }

  /**
   * The rooms each chat event changed, key chat_id, one record per record of {@link
   * #chatSequenced()} ({@link io.chatcqrs.events.projection.RoomUpdates}): internal to the
   * projection, which writes the room read models from it. Seven days. Partition count fixed and
   * equal to chat.sequenced.v1's (per-chat order, offsets are write timestamps).
   */
  public String roomUpdates() {
    return prefix + "chat.room-updates.v1";
  }

  /**
   * Live events of chats in fan-out-on-read mode (large groups), key chat_id: one record per event
   * whatever the group's size ({@link io.chatcqrs.events.projection.GroupEvent}); the query side's
   * instances follow it for the members connected to them. One day. Partition count fixed (per-chat
   * order).
   */
  public String groupEvents() {
    return prefix + "chat.group-events.v1";
  }

  /**
   * Records that could not be processed, with the reason in headers. Weeks. Its partition count may
   * grow: no consumer depends on which partition a dead letter is in.
   */
  public String deadLetter() {
    return prefix + "chat.dead-letter.v1";
  }

  /**
   * Every topic's definition, for the provisioner. A topic is {@link TopicSpec.Partitioning#FIXED}
   * unless it says otherwise.
   */
  public List<TopicSpec> all() {
    Map<String, String> none = Map.of();
    return List.of(
        new TopicSpec(chatEvents(), DEFAULT_PARTITIONS, -1, "delete", none),
        new TopicSpec(chatSequenced(), DEFAULT_PARTITIONS, -1, "delete", none),
        new TopicSpec(userEvents(), DEFAULT_PARTITIONS, 7 * DAY_MS, "delete", none),
        new TopicSpec(roomUpdates(), DEFAULT_PARTITIONS, 7 * DAY_MS, "delete", none),
        new TopicSpec(groupEvents(), DEFAULT_PARTITIONS, DAY_MS, "delete", none),
        new TopicSpec(
            deadLetter(), 1, 28 * DAY_MS, "delete", none, TopicSpec.Partitioning.GROWABLE));
  }
}

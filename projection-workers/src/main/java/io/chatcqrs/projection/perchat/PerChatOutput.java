package io.chatcqrs.projection.perchat;

import io.chatcqrs.events.projection.GroupEvent;
import io.chatcqrs.events.projection.RoomUpdates;
import io.chatcqrs.events.projection.SequencedEvent;
import io.chatcqrs.projection.fanout.FanoutItem;

/**
 * One record the per-chat processor forwards; the topology routes each kind to its topic. For one
 * decodable input: exactly one {@link Sequenced} (key chat id), exactly one {@link ToRooms} (key
 * chat id), the {@link ToUser} items (key user id) and at most one {@link ToGroup} (key chat id);
 * for an undecodable one: one {@link DeadLetter}.
 */
public sealed interface PerChatOutput {
  /** The verdict, for chat.sequenced.v1. */
  record Sequenced(SequencedEvent event) implements PerChatOutput {}

  /** The rooms the event changed (possibly none), for chat.room-updates.v1. */
  record ToRooms(RoomUpdates updates) implements PerChatOutput {}

  /** One user's share, for the {@code user-fanout} repartition and the user stage. */
  record ToUser(FanoutItem item) implements PerChatOutput {}

  /** The chat's live event in read mode, for chat.group-events.v1. */
  record ToGroup(GroupEvent event) implements PerChatOutput {}

  /** The raw input value, for the dead-letter topic (the reason travels in the headers). */
  record DeadLetter(byte[] value) implements PerChatOutput {}
}

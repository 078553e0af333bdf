package io.chatcqrs.projection.fanout;

import io.chatcqrs.events.projection.UserEvent;

/**
 * One user's share of a chat event, on the repartition topic {@code user-fanout} keyed by user id:
 * the user event to emit, without the unread totals (the user stage adds them). When the event
 * changed the user's room, {@link UserEvent#room()} carries it; the user stage keeps its unread
 * counts from it (write-mode rooms only).
 *
 * @param event the user event to emit
 */
public record FanoutItem(UserEvent event) {}

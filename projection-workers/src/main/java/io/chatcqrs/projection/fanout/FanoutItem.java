package io.chatcqrs.projection.fanout;

import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.UserEvent;

/**
 * One user's share of a sequenced event, on the repartition topic keyed by user id: the user event
 * (without the unread totals, which the user stage adds) and, when the event changed the user's
 * room, their member state after it.
 *
 * @param event the user event to emit
 * @param member the user's room state after the event, or null when it did not change
 */
public record FanoutItem(UserEvent event, MemberView member) {}

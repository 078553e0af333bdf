package io.chatcqrs.query.read.rooms;

import java.time.Instant;

/**
 * A position in a user's room order: the row of {@code room_order_by_user} that names a room, and
 * the keyset position the room list's cursor resumes after.
 *
 * @param lastActivityAt the room's last activity as recorded in the order row
 * @param chatId the room
 */
public record OrderKey(Instant lastActivityAt, String chatId) {}

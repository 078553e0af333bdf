package io.chatcqrs.projection.sink;

/**
 * Whether the sink can make progress now.
 *
 * @param ready true while its consumer is assigned and its batches succeed (or none are pending)
 * @param detail what it is doing or waiting for, for people
 */
public record SinkStatus(boolean ready, String detail) {}

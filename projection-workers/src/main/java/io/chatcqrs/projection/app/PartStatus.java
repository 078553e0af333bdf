package io.chatcqrs.projection.app;

/**
 * Whether one part of the projection ({@code streams} or {@code sink}) can make progress now.
 *
 * @param part the part's name
 * @param ready true when it is processing (or able to): joined its group, tasks or partitions
 *     assigned, not failed
 * @param detail what it is doing, for people: its state, since when, what it waits for
 */
public record PartStatus(String part, boolean ready, String detail) {}

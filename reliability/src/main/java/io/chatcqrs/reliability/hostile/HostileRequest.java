package io.chatcqrs.reliability.hostile;

/**
 * One hostile request: its class (for the report), a readable name, the service it targets, the
 * exact bytes to send and the answer it must get.
 *
 * @param kind the class of hostile input, e.g. {@code deeply nested JSON}
 * @param name what this request tries
 * @param query true for the query API, false for the command API
 * @param bytes the request, verbatim
 * @param expect the statuses the contract allows for it
 */
public record HostileRequest(
    String kind, String name, boolean query, byte[] bytes, Expect expect) {}

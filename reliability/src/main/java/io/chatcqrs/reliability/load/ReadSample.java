package io.chatcqrs.reliability.load;

import java.time.Instant;

/**
 * One query the load driver made and what the query API answered.
 *
 * @param path the request path
 * @param sentAt when the request left
 * @param status the HTTP status, or a negative {@link ApiClient.Reply} code
 * @param millis time until the answer
 * @param stale whether the answer was marked {@code X-Chat-Stale: true} (served from the fallback)
 */
public record ReadSample(String path, Instant sentAt, int status, long millis, boolean stale) {}

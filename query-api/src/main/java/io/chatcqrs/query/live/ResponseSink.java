package io.chatcqrs.query.live;

import io.vertx.core.http.HttpServerResponse;

/**
 * An {@link SseConnection.Sink} over a chunked HTTP response whose write queue is bounded: when the
 * queue is full the client is too slow, and closing resets the connection rather than queueing a
 * polite end behind everything it has not read.
 */
final class ResponseSink implements SseConnection.Sink {
  private final HttpServerResponse response;

  ResponseSink(HttpServerResponse response, int maxQueuedBytes) {
    this.response = response;
    response.setWriteQueueMaxSize(maxQueuedBytes);
  }

  @Override
  public boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void write(String chunk) {
    if (!response.ended() && !response.closed()) {
      response.write(chunk);
    }
  }

  @Override
  public void close() {
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.writeQueueFull()) {
      response.reset();
    } else {
      response.end();
    }
  }
}

package io.chatcqrs.command.readmodel;

import io.chatcqrs.command.readmodel.ReadModel.MessageView;
import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The message lookup of a confirmed member's edit or delete, which gives a message sent a moment
 * ago the time to reach the read model: a message the read model does not have is read again from
 * Cassandra, past the pre-check cache, every {@code pollEvery} until it is there or {@code maxWait}
 * has passed (the last read is made at the bound). Only then is it absent, so a client editing
 * right after its send is not refused. A found message and a lookup Cassandra did not answer end
 * the wait at once. Never used before membership is confirmed: a non-member does not wait.
 */
public final class MessageWait {
  private final Vertx vertx;
  private final ReadModel readModel;
  private final Duration maxWait;
  private final Duration pollEvery;

  /**
   * @param maxWait how long an unknown message is waited for ({@code precheck.message-wait-ms};
   *     zero: not at all)
   * @param pollEvery how often it is read again meanwhile ({@code precheck.message-poll-ms})
   */
  public MessageWait(Vertx vertx, ReadModel readModel, Duration maxWait, Duration pollEvery) {
    if (maxWait.isNegative() || pollEvery.isNegative() || pollEvery.isZero()) {
      throw new IllegalArgumentException(
          "the message wait must not be negative, the poll positive");
    }
    this.vertx = vertx;
    this.readModel = readModel;
    this.maxWait = maxWait;
    this.pollEvery = pollEvery;
  }

  /**
   * The message as the read model has it, found or unknown as soon as it is so; absent only if it
   * was still absent at the bound.
   */
  public Future<Lookup<MessageView>> message(ChatId chat, MessageId message) {
    Promise<Lookup<MessageView>> done = Promise.promise();
    poll(chat, message, System.nanoTime() + maxWait.toNanos(), false, done);
    return done.future();
  }

  private void poll(
      ChatId chat,
      MessageId message,
      long deadline,
      boolean pastCache,
      Promise<Lookup<MessageView>> done) {
    readModel
        .message(chat, message, pastCache)
        .onComplete(
            read -> {
              Lookup<MessageView> lookup = read.succeeded() ? read.result() : Lookup.unknown();
              long left = deadline - System.nanoTime();
              if (!lookup.absent() || left <= 0) {
                done.complete(lookup);
                return;
              }
              long leftMs = (left + TimeUnit.MILLISECONDS.toNanos(1) - 1) / 1_000_000;
              long delayMs = Math.max(1, Math.min(pollEvery.toMillis(), leftMs));
              vertx.setTimer(delayMs, id -> poll(chat, message, deadline, true, done));
            });
  }
}

package io.chatcqrs.query.read.history;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages through a chat's bucketed history by seq. Backward pages ({@code before}, and the newest
 * page) walk buckets downwards and return messages newest first; forward pages ({@code after}) walk
 * upwards and return oldest first. A page reads at most {@link #MAX_BUCKETS} buckets (normally one
 * or two, as buckets are dense); when that bound stops it early the page says where to continue.
 */
public final class HistoryWalker {
  /** Upper bound on buckets read for one page. */
  public static final int MAX_BUCKETS = 8;

  private final MessageSource source;

  /** A walker reading from {@code source}. */
  public HistoryWalker(MessageSource source) {
    this.source = source;
  }

  /**
   * One page.
   *
   * @param backward true for seq &lt; bound newest first, false for seq &gt; bound oldest first
   * @param bound the exclusive seq bound
   * @param lastSeq the chat's last seq (where a forward walk ends)
   * @return the messages and the exclusive bound of the next page in the same direction, or null
   *     when the page reached the end in its direction
   */
  public Future<HistoryPage> page(
      String chatId, boolean backward, long bound, long lastSeq, int limit) {
    if (backward) {
      if (bound <= 1) {
        return Future.succeededFuture(new HistoryPage(List.of(), null));
      }
      return walk(
          chatId,
          true,
          bound,
          (bound - 1) / MessageSource.BUCKET_SIZE,
          lastSeq,
          limit,
          new ArrayList<>(),
          1);
    }
    if (bound >= lastSeq) {
      return Future.succeededFuture(new HistoryPage(List.of(), null));
    }
    return walk(
        chatId,
        false,
        bound,
        (bound + 1) / MessageSource.BUCKET_SIZE,
        lastSeq,
        limit,
        new ArrayList<>(),
        1);
  }

  private Future<HistoryPage> walk(
      String chatId,
      boolean backward,
      long bound,
      long bucket,
      long lastSeq,
      int limit,
      List<Message> collected,
      int round) {
    return source
        .bucket(chatId, bucket, bound, backward, limit - collected.size())
        .compose(
            messages -> {
              collected.addAll(messages);
              long nextBucket = backward ? bucket - 1 : bucket + 1;
              boolean lastBucket =
                  backward ? nextBucket < 0 : nextBucket > lastSeq / MessageSource.BUCKET_SIZE;
              if (collected.size() >= limit) {
                return Future.succeededFuture(finish(collected, backward, lastSeq, false));
              }
              if (lastBucket) {
                return Future.succeededFuture(finish(collected, backward, lastSeq, true));
              }
              if (round >= MAX_BUCKETS) {
                long resumeBound =
                    backward
                        ? bucket * MessageSource.BUCKET_SIZE
                        : (bucket + 1) * MessageSource.BUCKET_SIZE - 1;
                return Future.succeededFuture(new HistoryPage(List.copyOf(collected), resumeBound));
              }
              long nextBound = collected.isEmpty() ? bound : last(collected).seq();
              return walk(
                  chatId, backward, nextBound, nextBucket, lastSeq, limit, collected, round + 1);
            });
  }

  private static HistoryPage finish(
      List<Message> collected, boolean backward, long lastSeq, boolean reachedEnd) {
    List<Message> page = List.copyOf(collected);
    if (page.isEmpty()) {
      return new HistoryPage(page, null);
    }
    long edge = last(page).seq();
    boolean atEnd = reachedEnd || (backward ? edge <= 1 : edge >= lastSeq);
    return new HistoryPage(page, atEnd ? null : edge);
  }

  private static Message last(List<Message> messages) {
    return messages.get(messages.size() - 1);
  }

  /**
   * One page of history.
   *
   * @param messages the messages, in the page's direction
   * @param nextBound the exclusive seq bound to continue from, null at the end
   */
  public record HistoryPage(List<Message> messages, Long nextBound) {}
}

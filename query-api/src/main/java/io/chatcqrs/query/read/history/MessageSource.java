package io.chatcqrs.query.read.history;

import io.vertx.core.Future;
import java.util.List;

/** Where history reads from: one bucket of a chat's messages at a time. */
public interface MessageSource {
  /** Messages per bucket: bucket = seq / BUCKET_SIZE. */
  long BUCKET_SIZE = 1000;

  /**
   * Up to {@code count} messages of bucket {@code bucket} of the chat: seq &lt; {@code bound}
   * newest first when {@code backward}, else seq &gt; {@code bound} oldest first.
   */
  Future<List<Message>> bucket(String chatId, long bucket, long bound, boolean backward, int count);
}

package io.chatcqrs.projection.fanout;

import io.chatcqrs.events.projection.MemberView;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.ProjectionMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The user stage, keyed by user id: keeps each user's unread count per chat and their exact total
 * over all chats, and emits the user event with both filled in. Exact after any replay: the counts
 * are positional values taken from the per-chat stage, never increments.
 */
public final class UserStageProcessor implements Processor<String, FanoutItem, String, UserEvent> {
  /** Name of the store of unread counts, key user_id/chat_id. */
  public static final String CHAT_UNREAD_STORE = "user-chat-unread";

  /** Name of the store of total unread counts, key user_id. */
  public static final String TOTAL_UNREAD_STORE = "user-total-unread";

  private final ProjectionMetrics metrics;
  private ProcessorContext<String, UserEvent> context;
  private KeyValueStore<String, Long> chatUnread;
  private KeyValueStore<String, Long> totalUnread;

  /** A user stage reporting to {@code metrics}. */
  public UserStageProcessor(ProjectionMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, UserEvent> context) {
    this.context = context;
    this.chatUnread = context.getStateStore(CHAT_UNREAD_STORE);
    this.totalUnread = context.getStateStore(TOTAL_UNREAD_STORE);
  }

  @Override
  public void process(Record<String, FanoutItem> record) {
    UserEvent event = record.value().event();
    String user = event.userId().value();
    String key = user + "/" + event.chatId().value();
    Long before = chatUnread.get(key);
    Long current = before;
    long total = orZero(totalUnread.get(user));
    MemberView member = record.value().member();
    if (member != null) {
      current = member.removed() ? null : member.unreadCount();
      if (current == null) {
        chatUnread.delete(key);
      } else {
        chatUnread.put(key, current);
      }
      total += orZero(current) - orZero(before);
      totalUnread.put(user, total);
    }
    metrics.stageEvent("user", event.kind());
    context.forward(record.withKey(user).withValue(event.withUnread(total, current)));
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}

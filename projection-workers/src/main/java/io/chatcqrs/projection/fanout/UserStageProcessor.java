package io.chatcqrs.projection.fanout;

import io.chatcqrs.events.projection.FanOutMode;
import io.chatcqrs.events.projection.RoomView;
import io.chatcqrs.events.projection.UserEvent;
import io.chatcqrs.projection.ProjectionMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The user stage, keyed by user id: keeps each user's unread count per chat and their total over
 * the chats fanning out on write, and emits the user event with both filled in. Exact after any
 * replay: the counts are positional values taken from the per-chat stage, never increments.
 *
 * <p>A room fanning out on read is never counted here (its unread count is computed when the room
 * list is read): an item whose room is in read mode removes the chat's entry and its share of the
 * total if present (the switch), and adds nothing. {@link UserEvent#totalUnread()} is therefore the
 * total over the user's write-mode rooms (docs/large-groups.md).
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
    RoomView room = event.room();
    if (room != null && room.fanOut() == FanOutMode.READ) {
      if (before != null) {
        chatUnread.delete(key);
        total -= before;
        totalUnread.put(user, total);
      }
      current = room.removed() ? null : room.unreadCount();
    } else if (room != null) {
      current = room.removed() ? null : room.unreadCount();
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

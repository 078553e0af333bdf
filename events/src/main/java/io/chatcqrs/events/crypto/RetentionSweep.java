package io.chatcqrs.events.crypto;

import io.chatcqrs.events.ChatId;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Enforces retention on the topics: destroys every live period key whose period is past its chat's
 * retention. Run it periodically (the retention job); it is idempotent.
 */
public final class RetentionSweep {
  private RetentionSweep() {}

  /**
   * Destroys the expired period keys of {@code keys} at {@code now}.
   *
   * @param retentionDays a chat's retention in days, empty to keep its messages forever
   * @return the keys destroyed, in id order
   */
  public static List<KeyId> destroyExpired(
      KeyStore keys, Instant now, Function<ChatId, OptionalInt> retentionDays) {
    List<KeyId> expired =
        keys.live().stream()
            .filter(id -> id.kind() == KeyId.Kind.PERIOD)
            .filter(
                id -> {
                  RetentionPeriod period = id.period();
                  OptionalInt days = retentionDays.apply(period.chatId());
                  return days.isPresent() && period.expiredAt(now, days.getAsInt());
                })
            .sorted()
            .toList();
    expired.forEach(keys::destroy);
    return expired;
  }
}

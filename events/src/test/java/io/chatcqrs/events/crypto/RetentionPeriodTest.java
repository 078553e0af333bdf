package io.chatcqrs.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetentionPeriodTest {
  private static final ChatId CHAT = ChatId.of("c1");

  @Test
  void periods_should_be_aligned_utc_days_and_round_trip_as_key_ids() {
    RetentionPeriod day =
        RetentionPeriod.containing(CHAT, Instant.parse("2026-11-25T23:59:59Z"), 1);
    RetentionPeriod week =
        RetentionPeriod.containing(CHAT, Instant.parse("2026-11-25T10:00:00Z"), 7);

    assertThat(day.keyId().value()).isEqualTo("chat:c1:2026-11-25:1d");
    assertThat(day.end()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    assertThat(week.start().toEpochDay() % 7).isZero();
    assertThat(week.start()).isBeforeOrEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(week.end()).isAfter(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(RetentionPeriod.parse(week.keyId().value())).isEqualTo(week);
    assertThat(week.keyId().kind()).isEqualTo(KeyId.Kind.PERIOD);
    assertThat(KeyId.user(UserId.of("a")).kind()).isEqualTo(KeyId.Kind.USER);
  }

  @Test
  void should_refuse_malformed_key_ids() {
    assertThatThrownBy(() -> KeyId.of("chat:c1:2026-11-25"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.of("chat:c1:2026-11-27:7d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.of("user:a:b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyId.of("group:x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_period_should_expire_once_its_end_is_retention_days_ago() {
    RetentionPeriod day =
        RetentionPeriod.containing(CHAT, Instant.parse("2026-11-25T12:00:00Z"), 1);

    assertThat(day.expiredAt(Instant.parse("2026-12-25T23:59:59Z"), 30)).isFalse();
    assertThat(day.expiredAt(Instant.parse("2026-12-26T00:00:00Z"), 30)).isTrue();
  }

  @Test
  void the_sweep_should_destroy_only_expired_periods_of_chats_with_retention() {
    KeyStore keys = new InMemoryKeyStore();
    KeyId oldC1 = KeyId.of("chat:c1:2026-11-01:1d");
    KeyId newC1 = KeyId.of("chat:c1:2026-11-29:1d");
    KeyId oldC2 = KeyId.of("chat:c2:2026-11-01:1d");
    KeyId alice = KeyId.user(UserId.of("alice"));
    for (KeyId id : new KeyId[] {oldC1, newC1, oldC2, alice}) {
      keys.createIfAbsent(id);
    }

    var destroyed =
        RetentionSweep.destroyExpired(
            keys,
            Instant.parse("2026-12-01T00:00:00Z"),
            chat -> chat.value().equals("c1") ? OptionalInt.of(7) : OptionalInt.empty());

    assertThat(destroyed).containsExactly(oldC1);
    assertThat(keys.destroyed()).containsExactly(oldC1);
    assertThat(keys.live()).containsExactlyInAnyOrder(newC1, oldC2, alice);
  }
}

package io.chatcqrs.projection.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteTimestampsTest {

  @Test
  void epoch_zero_writes_the_offset_itself_as_before_epochs_existed() {
    assertThat(TopicEpoch.FIRST.writeTimestamp(0)).isZero();
    assertThat(TopicEpoch.FIRST.writeTimestamp(123_456_789L)).isEqualTo(123_456_789L);
    assertThat(WriteTimestamps.FIRST.ofChatEvent(42)).isEqualTo(42);
    assertThat(WriteTimestamps.FIRST.ofUserEvent(42)).isEqualTo(42);
  }

  @Test
  void every_timestamp_of_a_later_epoch_is_above_every_timestamp_of_an_earlier_one() {
    for (int epoch = 0; epoch < TopicEpoch.MAX_EPOCH; epoch += 997) {
      TopicEpoch e = new TopicEpoch(epoch);
      assertThat(e.next().writeTimestamp(0))
          .as("epoch %d", epoch)
          .isGreaterThan(e.writeTimestamp(TopicEpoch.MAX_OFFSET));
    }
    assertThat(new TopicEpoch(1).writeTimestamp(0)).isEqualTo(1L << 48);
    assertThat(new TopicEpoch(3).writeTimestamp(5)).isEqualTo(3L * (1L << 48) + 5);
  }

  @Test
  void timestamps_order_like_epoch_then_offset_and_repeat_exactly() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      int e1 = random.nextInt(TopicEpoch.MAX_EPOCH + 1);
      int e2 = random.nextInt(3) == 0 ? e1 : random.nextInt(TopicEpoch.MAX_EPOCH + 1);
      long o1 = random.nextLong(TopicEpoch.MAX_OFFSET + 1);
      long o2 = random.nextLong(TopicEpoch.MAX_OFFSET + 1);
      long t1 = new TopicEpoch(e1).writeTimestamp(o1);
      long t2 = new TopicEpoch(e2).writeTimestamp(o2);
      int expected = e1 != e2 ? Integer.compare(e1, e2) : Long.compare(o1, o2);
      assertThat(Integer.signum(Long.compare(t1, t2))).isEqualTo(expected);
      assertThat(new TopicEpoch(e1).writeTimestamp(o1)).isEqualTo(t1);
      assertThat(t1).isNotNegative();
    }
  }

  @Test
  void the_largest_timestamp_stays_below_long_max_value() {
    long largest = new TopicEpoch(TopicEpoch.MAX_EPOCH).writeTimestamp(TopicEpoch.MAX_OFFSET);

    assertThat(TopicEpoch.MAX_EPOCH).isEqualTo(32_766);
    assertThat(largest).isPositive().isEqualTo(Long.MAX_VALUE - (1L << 48));
  }

  @Test
  void realistic_offsets_fit_for_decades() {
    long perSecond = 100_000; // one partition, without a pause
    long fiftyYears = perSecond * Duration.ofDays(365L * 50).toSeconds();

    assertThat(fiftyYears).isLessThan(TopicEpoch.MAX_OFFSET);
    assertThat(new TopicEpoch(1_000).writeTimestamp(fiftyYears)).isPositive();
  }

  @Test
  void out_of_range_values_throw_instead_of_wrapping() {
    assertThatThrownBy(() -> TopicEpoch.FIRST.writeTimestamp(TopicEpoch.MAX_OFFSET + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset 281474976710656");
    assertThatThrownBy(() -> TopicEpoch.FIRST.writeTimestamp(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TopicEpoch(TopicEpoch.MAX_EPOCH).next())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would overflow");
    assertThatThrownBy(() -> new TopicEpoch(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void positions_use_the_epoch_of_their_topic() {
    WriteTimestamps t = new WriteTimestamps(new TopicEpoch(2), new TopicEpoch(5));

    assertThat(t.ofPosition(SinkBatch.CHAT_EVENTS_PROJECTION, 9)).isEqualTo(t.ofChatEvent(9));
    assertThat(t.ofPosition(SinkBatch.USER_EVENTS_PROJECTION, 9)).isEqualTo(t.ofUserEvent(9));
    assertThat(t.ofPosition(SinkBatch.CHAT_ROOMS_PROJECTION, 9)).isEqualTo(t.ofChatEvent(9));
    assertThat(t.ofChatEvent(9)).isEqualTo((2L << 48) | 9);
    assertThat(t.ofUserEvent(9)).isEqualTo((5L << 48) | 9);
    assertThatThrownBy(() -> t.ofPosition("other", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}

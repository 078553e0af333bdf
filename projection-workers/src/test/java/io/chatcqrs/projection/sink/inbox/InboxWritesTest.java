package io.chatcqrs.projection.sink.inbox;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.CLOCK;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.NOW;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.userEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.projection.sink.cql.Expiry;
import io.chatcqrs.projection.sink.cql.RowWrite;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxWritesTest {
  private final InboxWrites writes = new InboxWrites(new Expiry(Duration.ofHours(24), CLOCK));

  @Test
  void an_event_is_stored_at_its_position_with_the_ttl_left_since_it_occurred() {
    RowWrite row =
        writes
            .of(userEvent("bob", "message", NOW.minus(Duration.ofHours(1)), 3L, null), 2, 40, 41)
            .orElseThrow();

    assertThat(row.partition()).isEqualTo("user_inbox|bob");
    assertThat(row.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "user_id",
                "bob",
                "event_partition",
                2,
                "event_offset",
                40L,
                "kind",
                "message",
                "chat_id",
                "c1",
                "data",
                "{\"chat_id\":\"c1\"}",
                "occurred_at",
                NOW.minus(Duration.ofHours(1)),
                "ttl",
                23 * 3600,
                "ts",
                41L));
  }

  @Test
  void an_event_without_a_time_gets_the_whole_ttl_and_leaves_occurred_at_unset() {
    RowWrite row = writes.of(userEvent("bob", "read", null, null, null), 0, 1, 1).orElseThrow();

    assertThat(row.value("ttl")).isEqualTo(24 * 3600);
    assertThat(row.unset()).containsExactly("occurred_at");
  }

  @Test
  void an_event_older_than_the_ttl_is_not_stored() {
    assertThat(
            writes.of(userEvent("bob", "read", NOW.minus(Duration.ofDays(2)), 1L, null), 0, 1, 1))
        .isEmpty();
  }
}

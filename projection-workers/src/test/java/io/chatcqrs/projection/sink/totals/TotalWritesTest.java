package io.chatcqrs.projection.sink.totals;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.NOW;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.userEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.projection.sink.cql.RowWrite;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TotalWritesTest {
  private final TotalWrites writes = new TotalWrites();

  @Test
  void the_total_of_an_event_is_upserted_at_the_given_timestamp() {
    RowWrite row = writes.of(userEvent("bob", "read", NOW, 12L, null), 77).orElseThrow();

    assertThat(row.partition()).isEqualTo("user_totals|bob");
    assertThat(row.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("user_id", "bob", "total_unread", 12L, "ts", 77L));
  }

  @Test
  void an_event_without_a_total_writes_none() {
    assertThat(writes.of(userEvent("bob", "read", NOW, null, null), 77)).isEmpty();
  }
}

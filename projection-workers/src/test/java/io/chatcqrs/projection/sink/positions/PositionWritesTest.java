package io.chatcqrs.projection.sink.positions;

import static io.chatcqrs.projection.sink.cql.SinkFixtures.CLOCK;
import static io.chatcqrs.projection.sink.cql.SinkFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.projection.ProjectionNames;
import io.chatcqrs.projection.sink.cql.RowWrite;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionWritesTest {
  @Test
  void a_position_names_its_projection_partition_and_offset() {
    RowWrite row = new PositionWrites(CLOCK).of(ProjectionNames.CHAT_EVENTS, 3, 120, 121);

    assertThat(row.partition()).isEqualTo("projection_positions|chat-events");
    assertThat(row.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "projection",
                "chat-events",
                "event_partition",
                3,
                "applied_offset",
                120L,
                "updated_at",
                NOW,
                "ts",
                121L));
  }
}

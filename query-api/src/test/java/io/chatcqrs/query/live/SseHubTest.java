package io.chatcqrs.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SseHubTest {
  private final List<String> delivered = new ArrayList<>();
  private final SseHub hub = new SseHub(2, 3, (event, n) -> delivered.add(event.userId() + n));

  @Test
  void should_report_the_seam_from_the_start_position_then_from_dispatched_events() {
    hub.start(Map.of(0, 100L, 1, 0L));

    assertThat(hub.seamOffset(0)).hasValue(99);
    assertThat(hub.seamOffset(1)).hasValue(-1);
    assertThat(hub.seamOffset(7)).isEmpty();
    hub.dispatch(List.of(event("u1", 0, 100), event("u2", 0, 102)));
    assertThat(hub.seamOffset(0)).hasValue(102);
  }

  @Test
  void should_deliver_only_to_the_events_user_and_everything_after_registration() {
    hub.start(Map.of(0, 0L));
    var u1 = new SseConnectionTest.RecordingSink();
    var u2 = new SseConnectionTest.RecordingSink();
    SseConnection c1 = new SseConnection("u1", u1, 10);
    SseConnection c2 = new SseConnection("u2", u2, 10);
    hub.register(c1);
    hub.register(c2);
    c1.goLive(List.of());
    c2.goLive(List.of());

    hub.dispatch(List.of(event("u1", 0, 0), event("u3", 0, 1), event("u1", 0, 2)));

    assertThat(u1.chunks).hasSize(2);
    assertThat(u2.chunks).isEmpty();
    assertThat(delivered).containsExactly("u11", "u11");
  }

  @Test
  void should_close_the_oldest_connection_of_a_user_at_the_cap_and_refuse_beyond_the_total() {
    hub.start(Map.of(0, 0L));
    SseConnection first = new SseConnection("u1", new SseConnectionTest.RecordingSink(), 10);
    SseConnection second = new SseConnection("u1", new SseConnectionTest.RecordingSink(), 10);
    SseConnection third = new SseConnection("u1", new SseConnectionTest.RecordingSink(), 10);

    assertThat(hub.register(first)).isTrue();
    assertThat(hub.register(second)).isTrue();
    assertThat(hub.register(third)).isTrue();
    assertThat(first.state()).isEqualTo(SseConnection.State.CLOSED);
    assertThat(hub.connections()).isEqualTo(2);
    assertThat(hub.register(new SseConnection("u2", new SseConnectionTest.RecordingSink(), 1)))
        .isTrue();
    assertThat(hub.register(new SseConnection("u3", new SseConnectionTest.RecordingSink(), 1)))
        .isFalse();
    third.close();
    assertThat(hub.connections()).isEqualTo(2);
  }

  private static SseEvent event(String user, int partition, long offset) {
    return new SseEvent(user, partition, offset, 0, "message", "{\"chat_id\":\"c\"}");
  }
}

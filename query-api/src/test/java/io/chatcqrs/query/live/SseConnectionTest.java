package io.chatcqrs.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SseConnectionTest {
  private static final Pattern ID = Pattern.compile("^id: 2-(\\d+)-", Pattern.MULTILINE);

  private final RecordingSink sink = new RecordingSink();

  @Test
  void should_buffer_live_events_while_resuming_and_write_replay_then_buffer_without_duplicates() {
    SseConnection connection = new SseConnection("u1", sink, 100);
    connection.seen(2, 10);
    connection.live(event(13));
    connection.live(event(14));

    assertThat(sink.chunks).isEmpty();
    connection.goLive(List.of(event(11), event(12), event(13)));
    connection.live(event(15));

    assertThat(offsets()).containsExactly(11L, 12L, 13L, 14L, 15L);
    assertThat(connection.state()).isEqualTo(SseConnection.State.LIVE);
  }

  @Test
  void should_skip_events_the_client_has_already_seen() {
    SseConnection connection = new SseConnection("u1", sink, 100);
    connection.seen(2, 20);
    connection.live(event(19));
    connection.live(event(21));

    connection.goLive(List.of(event(18), event(20)));
    connection.live(event(21));
    connection.live(event(22));

    assertThat(offsets()).containsExactly(21L, 22L);
  }

  @Test
  void should_close_when_the_resume_buffer_overflows() {
    SseConnection connection = new SseConnection("u1", sink, 3);
    List<Boolean> closed = new ArrayList<>();
    connection.onClose(() -> closed.add(true));
    for (int i = 0; i < 4; i++) {
      connection.live(event(i));
    }

    assertThat(connection.state()).isEqualTo(SseConnection.State.CLOSED);
    assertThat(closed).containsExactly(true);
    assertThat(sink.closed).isTrue();
    connection.goLive(List.of(event(9)));
    assertThat(sink.chunks).isEmpty();
  }

  @Test
  void should_disconnect_a_slow_client_instead_of_queueing() {
    SseConnection connection = new SseConnection("u1", sink, 100);
    connection.goLive(List.of());
    connection.live(event(1));
    sink.full = true;
    connection.live(event(2));
    connection.live(event(3));

    assertThat(offsets()).containsExactly(1L);
    assertThat(connection.state()).isEqualTo(SseConnection.State.CLOSED);
  }

  @Test
  void should_write_the_sse_wire_format() {
    SseEvent event = new SseEvent("u1", 2, 7, 1_000, "message", "{\"chat_id\":\"c\",\n\"x\":1}");

    assertThat(event.toWire())
        .isEqualTo("id: 2-7-1000\nevent: message\ndata: {\"chat_id\":\"c\",\"x\":1}\n\n");
  }

  @Test
  void should_parse_only_its_own_event_ids() {
    assertThat(EventId.parse("3-42-1700000000000"))
        .isEqualTo(new EventId(3, 42, 1_700_000_000_000L));
    assertThat(EventId.parse(new EventId(0, -1, 5).toString())).isEqualTo(new EventId(0, -1, 5));
    assertThat(EventId.parse(new EventId(3, 42, 1).withCounter(2)))
        .isEqualTo(new EventId(3, 42, 1));
    for (String bad :
        List.of("", "3-42", "a-b-c", "3-42-1-", "3-42-1-2-5", "-1-4-5", "3--4-5", "x".repeat(80))) {
      assertThat(EventId.parse(bad)).as(bad).isNull();
    }
  }

  private List<Long> offsets() {
    List<Long> offsets = new ArrayList<>();
    for (String chunk : sink.chunks) {
      Matcher matcher = ID.matcher(chunk);
      if (matcher.find()) {
        offsets.add(Long.parseLong(matcher.group(1)));
      }
    }
    return offsets;
  }

  private static SseEvent event(long offset) {
    return new SseEvent("u1", 2, offset, 1_000, "message", "{\"chat_id\":\"c\"}");
  }

  static final class RecordingSink implements SseConnection.Sink {
    final List<String> chunks = new ArrayList<>();
    boolean full;
    boolean closed;

    @Override
    public boolean full() {
      return full;
    }

    @Override
    public void write(String chunk) {
      chunks.add(chunk);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

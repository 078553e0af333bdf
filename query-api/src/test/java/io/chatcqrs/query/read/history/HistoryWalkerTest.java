package io.chatcqrs.query.read.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class HistoryWalkerTest {
  private final Buckets source = new Buckets();
  private final HistoryWalker walker = new HistoryWalker(source);

  @Test
  void should_return_the_newest_page_newest_first() {
    source.fill(1, 120);

    HistoryWalker.HistoryPage page = walker.page("c", true, 121, 120, 50).result();

    assertThat(seqs(page)).isEqualTo(range(120, 71));
    assertThat(page.nextBound()).isEqualTo(71);
  }

  @Test
  void should_walk_backwards_across_buckets_to_the_first_message_and_end() {
    source.fill(1, 2_345);
    List<Long> all = new ArrayList<>();
    Long bound = 2_346L;
    int pages = 0;
    while (bound != null) {
      HistoryWalker.HistoryPage page = walker.page("c", true, bound, 2_345, 100).result();
      all.addAll(seqs(page));
      bound = page.nextBound();
      pages++;
    }

    assertThat(all).isEqualTo(range(2_345, 1));
    assertThat(pages).isEqualTo(24);
  }

  @Test
  void should_walk_forwards_oldest_first_and_end_at_the_last_seq() {
    source.fill(1, 1_010);
    List<Long> all = new ArrayList<>();
    Long bound = 950L;
    while (bound != null) {
      HistoryWalker.HistoryPage page = walker.page("c", false, bound, 1_010, 25).result();
      all.addAll(seqs(page));
      bound = page.nextBound();
    }

    assertThat(all).isEqualTo(range(951, 1_010));
  }

  @Test
  void should_page_a_bucket_boundary_exactly() {
    source.fill(1, 2_000);

    HistoryWalker.HistoryPage page = walker.page("c", true, 1_001, 2_000, 3).result();

    assertThat(seqs(page)).containsExactly(1_000L, 999L, 998L);
    assertThat(source.bucketsRead).containsExactly(1L, 0L);
  }

  @Test
  void should_answer_empty_with_no_cursor_past_either_end() {
    source.fill(1, 10);

    assertThat(walker.page("c", true, 1, 10, 5).result().messages()).isEmpty();
    assertThat(walker.page("c", true, 1, 10, 5).result().nextBound()).isNull();
    assertThat(walker.page("c", false, 10, 10, 5).result().messages()).isEmpty();
    assertThat(walker.page("c", false, 10, 10, 5).result().nextBound()).isNull();
    assertThat(walker.page("c", true, 1, 0, 5).result().messages()).isEmpty();
  }

  @Test
  void should_stop_early_over_empty_buckets_and_say_where_to_continue() {
    source.fill(1, 5);
    source.fill(20_001, 20_003);

    HistoryWalker.HistoryPage page = walker.page("c", true, 20_002, 20_003, 10).result();

    assertThat(seqs(page)).containsExactly(20_001L);
    assertThat(page.nextBound()).isEqualTo(13_000L);
    HistoryWalker.HistoryPage next = walker.page("c", true, page.nextBound(), 20_003, 10).result();
    assertThat(next.messages()).isEmpty();
    assertThat(next.nextBound()).isEqualTo(5_000L);
  }

  @Test
  void should_render_deleted_messages_without_text() {
    Message deleted = new Message("m1", 7, "u1", "secret", Instant.EPOCH, null, true);

    assertThat(deleted.toJson().getValue("text")).isNull();
    assertThat(deleted.toJson().getBoolean("deleted")).isTrue();
    assertThat(deleted.toJson().getLong("seq")).isEqualTo(7);
    assertThat(deleted.toJson().containsKey("edited_at")).isTrue();
  }

  private static List<Long> seqs(HistoryWalker.HistoryPage page) {
    return page.messages().stream().map(Message::seq).toList();
  }

  private static List<Long> range(long from, long to) {
    return from <= to
        ? LongStream.rangeClosed(from, to).boxed().toList()
        : LongStream.rangeClosed(to, from).map(i -> from + to - i).boxed().toList();
  }

  /** Messages keyed by seq, read per bucket like messages_by_chat. */
  private static final class Buckets implements MessageSource {
    final TreeMap<Long, Message> bySeq = new TreeMap<>();
    final List<Long> bucketsRead = new ArrayList<>();

    void fill(long from, long to) {
      for (long seq = from; seq <= to; seq++) {
        bySeq.put(seq, new Message("m" + seq, seq, "u1", "t" + seq, Instant.EPOCH, null, false));
      }
    }

    @Override
    public Future<List<Message>> bucket(
        String chatId, long bucket, long bound, boolean backward, int count) {
      bucketsRead.add(bucket);
      Comparator<Message> order = Comparator.comparingLong(Message::seq);
      return Future.succeededFuture(
          bySeq.values().stream()
              .filter(m -> m.seq() / BUCKET_SIZE == bucket)
              .filter(m -> backward ? m.seq() < bound : m.seq() > bound)
              .sorted(backward ? order.reversed() : order)
              .limit(count)
              .toList());
    }
  }
}

package io.chatcqrs.query.read.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.query.cursor.CursorCodec;
import io.chatcqrs.query.cursor.InvalidCursorException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomPagerTest {
  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00.000Z");

  private final InMemoryRooms source = new InMemoryRooms();
  private final RoomPager pager = new RoomPager(source);

  @Test
  void should_return_every_room_once_in_order_across_pages() {
    for (int i = 0; i < 95; i++) {
      source.activity("c" + i, T0.plusSeconds(i % 30), i, 0);
    }
    List<String> walked = walk(10);

    List<String> expected =
        source.rooms.values().stream()
            .map(Room::orderKey)
            .sorted(OrderKey.NEWEST_FIRST)
            .map(OrderKey::chatId)
            .toList();
    assertThat(walked).containsExactlyElementsOf(expected).hasSize(95);
  }

  @Test
  void should_end_with_null_cursor_exactly_on_the_last_page() {
    for (int i = 0; i < 20; i++) {
      source.activity("c" + i, T0.plusSeconds(i), 1, 0);
    }
    RoomPager.RoomPage first = pager.page("u", null, 10).result();
    RoomPager.RoomPage second = pager.page("u", first.next(), 10).result();

    assertThat(first.next()).isNotNull();
    assertThat(second.rooms()).hasSize(10);
    assertThat(second.next()).isNull();
  }

  @Test
  void should_read_the_snapshot_and_the_page_content_once_each() {
    for (int i = 0; i < 500; i++) {
      source.activity("c" + i, T0.plusSeconds(i), 3, 1);
    }

    RoomPager.RoomPage page = pager.page("u", null, 20).result();

    assertThat(page.rooms()).hasSize(20);
    assertThat(source.snapshotReads).isEqualTo(1);
    assertThat(source.contentReads).isEqualTo(1);
  }

  @Test
  void should_total_every_room_not_only_the_page() {
    for (int i = 0; i < 30; i++) {
      source.activity("c" + i, T0.plusSeconds(i), i, 0);
    }

    RoomPager.RoomPage page = pager.page("u", null, 5).result();

    assertThat(page.rooms())
        .extracting(Room::chatId)
        .containsExactly("c29", "c28", "c27", "c26", "c25");
    assertThat(page.totalUnread()).isEqualTo(435); // 0 + 1 + ... + 29
  }

  @Test
  void should_count_a_page_room_as_shown_when_it_changed_after_the_snapshot() {
    source.activity("a", T0, 2, 0);
    source.activity("b", T0.plusSeconds(1), 1, 0);
    source.afterNextSnapshot = () -> source.activity("b", T0.plusSeconds(1), 5, 0);

    RoomPager.RoomPage page = pager.page("u", null, 10).result();

    assertThat(page.rooms()).extracting(Room::unreadCount).containsExactly(5L, 2L);
    assertThat(page.totalUnread()).isEqualTo(7).isEqualTo(sumOf(page));
  }

  @Test
  void should_leave_a_room_gone_after_the_snapshot_out_of_page_and_total() {
    source.activity("a", T0, 2, 0);
    source.activity("b", T0.plusSeconds(1), 3, 0);
    source.afterNextSnapshot = () -> source.gone("b");

    RoomPager.RoomPage page = pager.page("u", null, 10).result();

    assertThat(page.rooms()).extracting(Room::chatId).containsExactly("a");
    assertThat(page.totalUnread()).isEqualTo(2);
  }

  @Test
  void should_not_count_a_room_that_expired() {
    source.activity("a", T0, 2, 0);
    source.activity("old", T0.minusSeconds(60), 4, 0);
    assertThat(pager.page("u", null, 10).result().totalUnread()).isEqualTo(6);

    source.gone("old");
    RoomPager.RoomPage page = pager.page("u", null, 10).result();

    assertThat(page.rooms()).extracting(Room::chatId).containsExactly("a");
    assertThat(page.totalUnread()).isEqualTo(2);
  }

  @Test
  void should_move_a_room_with_new_activity_above_the_cursor_and_not_repeat_it() {
    for (int i = 0; i < 40; i++) {
      source.activity("c" + i, T0.plusSeconds(i), 1, 0);
    }
    RoomPager.RoomPage first = pager.page("u", null, 10).result();
    source.activity("c35", T0.plusSeconds(500), 2, 0);
    source.activity("c5", T0.plusSeconds(501), 2, 0);
    List<String> rest = new ArrayList<>();
    OrderKey next = first.next();
    while (next != null) {
      RoomPager.RoomPage page = pager.page("u", next, 10).result();
      page.rooms().forEach(room -> rest.add(room.chatId()));
      next = page.next();
    }
    List<String> all = new ArrayList<>(first.rooms().stream().map(Room::chatId).toList());
    all.addAll(rest);

    assertThat(all).doesNotHaveDuplicates();
    assertThat(rest).doesNotContain("c35", "c5");
    Set<String> missing = new HashSet<>(source.rooms.keySet());
    all.forEach(missing::remove);
    assertThat(missing).containsExactlyInAnyOrder("c5");
  }

  @Test
  void should_break_activity_ties_by_chat_id_descending() {
    source.activity("a", T0, 1, 0);
    source.activity("c", T0, 1, 0);
    source.activity("b", T0, 1, 0);

    assertThat(walk(1)).containsExactly("c", "b", "a");
  }

  @Test
  void should_answer_an_empty_list_for_a_user_without_rooms() {
    RoomPager.RoomPage page = pager.page("u", null, 10).result();

    assertThat(page.rooms()).isEmpty();
    assertThat(page.next()).isNull();
    assertThat(page.totalUnread()).isZero();
    assertThat(source.contentReads).isZero();
  }

  @Test
  void should_render_the_contract_shape_with_total_and_cursor() {
    source.activity("a", T0, 10, 4);
    source.activity("b", T0.plusMillis(1), 3, 3);
    RoomList list = new RoomList(source, CursorCodec.fromSecret("s".repeat(32)));

    JsonObject body = list.page("u", 1, null).result();

    assertThat(body.getJsonArray("rooms")).hasSize(1);
    JsonObject room = body.getJsonArray("rooms").getJsonObject(0);
    assertThat(room.getString("chat_id")).isEqualTo("b");
    assertThat(room.getLong("unread_count")).isZero();
    assertThat(room.getString("last_activity_at")).isEqualTo("2026-11-25T09:00:00.001Z");
    assertThat(room.containsKey("last_message")).isTrue();
    assertThat(body.getLong("total_unread")).isEqualTo(6);
    JsonObject second = list.page("u", 1, body.getString("next_cursor")).result();
    assertThat(second.getJsonArray("rooms").getJsonObject(0).getString("chat_id")).isEqualTo("a");
    assertThat(second.getValue("next_cursor")).isNull();
  }

  @Test
  void should_refuse_another_users_cursor() {
    source.activity("a", T0, 1, 0);
    source.activity("b", T0.plusSeconds(1), 1, 0);
    RoomList list = new RoomList(source, CursorCodec.fromSecret("s".repeat(32)));
    String cursorOfU1 = list.page("u1", 1, null).result().getString("next_cursor");

    var result = list.page("u2", 1, cursorOfU1);

    assertThat(result.failed()).isTrue();
    assertThat(result.cause()).isInstanceOf(InvalidCursorException.class);
  }

  private static long sumOf(RoomPager.RoomPage page) {
    return page.rooms().stream().mapToLong(Room::unreadCount).sum();
  }

  private List<String> walk(int limit) {
    List<String> walked = new ArrayList<>();
    OrderKey next = null;
    int pages = 0;
    do {
      RoomPager.RoomPage page = pager.page("u", next, limit).result();
      page.rooms().forEach(room -> walked.add(room.chatId()));
      next = page.next();
      pages++;
    } while (next != null && pages < 1000);
    return walked;
  }

  @Test
  void should_merge_large_rooms_into_the_order_and_the_total_without_reading_them_again() {
    for (int i = 0; i < 30; i++) {
      source.activity("s" + i, T0.plusSeconds(2L * i), 2, 1);
    }
    for (int i = 0; i < 7; i++) {
      source.largeRoom("l" + i, T0.plusSeconds(4L * i + 1), 10, 7);
    }
    source.activity("l3", T0.plusSeconds(999), 50, 0);

    List<String> walked = new ArrayList<>();
    long total = -1;
    OrderKey after = null;
    do {
      RoomPager.RoomPage page = pager.page("u", after, 4).result();
      page.rooms().forEach(r -> walked.add(r.chatId()));
      assertThat(page.rooms()).allMatch(r -> !r.chatId().startsWith("l") || r.unreadCount() == 3);
      total = page.totalUnread();
      after = page.next();
    } while (after != null);

    List<String> expected = new ArrayList<>();
    source.rooms.values().stream()
        .filter(r -> !source.large.containsKey(r.chatId()))
        .forEach(r -> expected.add(r.chatId()));
    source.large.values().forEach(r -> expected.add(r.chatId()));
    List<String> ordered =
        expected.stream()
            .map(id -> source.large.containsKey(id) ? source.large.get(id) : source.rooms.get(id))
            .map(Room::orderKey)
            .sorted(OrderKey.NEWEST_FIRST)
            .map(OrderKey::chatId)
            .toList();
    assertThat(walked).containsExactlyElementsOf(ordered).hasSize(37);
    assertThat(total).isEqualTo(30 * 1 + 7 * 3);
  }
}

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
        source.order.stream().sorted(InMemoryRooms.ORDER).map(OrderKey::chatId).toList();
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
  void should_drop_order_rows_that_do_not_match_the_room_and_still_fill_the_page() {
    for (int i = 0; i < 30; i++) {
      source.activity("c" + i, T0.plusSeconds(i), 1, 0);
    }
    for (int i = 0; i < 25; i++) {
      source.staleOrderRow("c" + i, T0.plusSeconds(100 + i));
      source.staleOrderRow("gone" + i, T0.plusSeconds(200 + i));
    }
    RoomPager.RoomPage page = pager.page("u", null, 5).result();

    assertThat(page.rooms())
        .extracting(Room::chatId)
        .containsExactly("c29", "c28", "c27", "c26", "c25");
    assertThat(page.next()).isEqualTo(new OrderKey(T0.plusSeconds(25), "c25"));
  }

  @Test
  void should_make_progress_when_a_whole_bounded_scan_is_stale() {
    for (int i = 0; i < 200; i++) {
      source.staleOrderRow("gone" + i, T0.plusSeconds(1000 + i));
    }
    source.activity("real", T0, 1, 0);

    List<String> walked = walk(3);

    assertThat(walked).containsExactly("real");
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
}

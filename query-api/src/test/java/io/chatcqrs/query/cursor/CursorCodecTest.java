package io.chatcqrs.query.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
  private final CursorCodec codec = CursorCodec.fromSecret("0123456789abcdef0123456789abcdef");

  @Test
  void should_round_trip_fields_for_the_same_binding() {
    String cursor = codec.encode("rooms/u1", List.of("1732530000123", "chat-1"));

    assertThat(codec.decode("rooms/u1", cursor)).containsExactly("1732530000123", "chat-1");
    assertThat(cursor).matches("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
  }

  @Test
  void should_round_trip_empty_fields() {
    String cursor = codec.encode("b", List.of("", "x", ""));

    assertThat(codec.decode("b", cursor)).containsExactly("", "x", "");
  }

  @Test
  void should_refuse_a_cursor_bound_to_another_user_or_endpoint() {
    String cursor = codec.encode("rooms/u1", List.of("1", "c"));

    assertThatThrownBy(() -> codec.decode("rooms/u2", cursor))
        .isInstanceOf(InvalidCursorException.class);
    assertThatThrownBy(() -> codec.decode("history/c/u1", cursor))
        .isInstanceOf(InvalidCursorException.class);
  }

  @Test
  void should_refuse_a_tampered_payload() {
    String cursor = codec.encode("rooms/u1", List.of("1", "c"));
    String forgedPayload =
        Base64.getUrlEncoder().withoutPadding().encodeToString("2\u001fc".getBytes());
    String tampered = forgedPayload + cursor.substring(cursor.indexOf('.'));

    assertThatThrownBy(() -> codec.decode("rooms/u1", tampered))
        .isInstanceOf(InvalidCursorException.class);
  }

  @Test
  void should_refuse_every_single_character_change() {
    String cursor = codec.encode("rooms/u1", List.of("1732530000123", "chat-1"));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    for (int i = 0; i < cursor.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == cursor.charAt(i)) {
          continue;
        }
        String changed = cursor.substring(0, i) + c + cursor.substring(i + 1);
        assertThatThrownBy(() -> codec.decode("rooms/u1", changed))
            .as(changed)
            .isInstanceOf(InvalidCursorException.class);
      }
    }
  }

  @Test
  void should_refuse_a_cursor_made_with_another_secret() {
    CursorCodec other = CursorCodec.fromSecret("another-secret-another-secret-xx");
    String cursor = other.encode("rooms/u1", List.of("1", "c"));

    assertThatThrownBy(() -> codec.decode("rooms/u1", cursor))
        .isInstanceOf(InvalidCursorException.class);
  }

  @Test
  void should_refuse_garbage_without_failing_otherwise() {
    for (String garbage :
        List.of("", ".", "abc", "a.b.c", "!!!.???", "x".repeat(2000), "YQ.", ".YQ", "YQ.YQ")) {
      assertThatThrownBy(() -> codec.decode("rooms/u1", garbage))
          .as(garbage)
          .isInstanceOf(InvalidCursorException.class);
    }
  }

  @Test
  void should_answer_400_for_an_invalid_cursor() {
    assertThat(new InvalidCursorException().problem().status()).isEqualTo(400);
  }
}

package io.chatcqrs.command.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.platform.http.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void should_count_code_points_not_utf16_units() {
    assertThat(Texts.requireMessageText("😀".repeat(4000))).hasSize(8000);
    assertThatThrownBy(() -> Texts.requireMessageText("😀".repeat(4001)))
        .isInstanceOf(ProblemException.BadRequest.class);
    assertThat(Texts.requireMessageText("a")).isEqualTo("a");
  }

  @Test
  void should_refuse_empty_nul_and_unpaired_surrogates() {
    for (String bad : new String[] {"", "a\0b", "a\uD800b", "\uDC00", "end\uD83D"}) {
      assertThatThrownBy(() -> Texts.requireMessageText(bad))
          .as("text %s", bad)
          .isInstanceOf(ProblemException.BadRequest.class);
    }
    assertThatThrownBy(() -> Texts.requireMessageText(null))
        .isInstanceOf(ProblemException.BadRequest.class);
  }

  @Test
  void should_accept_strict_utf8_only() {
    Texts.requireUtf8("héllo 😀".getBytes(StandardCharsets.UTF_8));
    for (byte[] bad :
        new byte[][] {
          {(byte) 0xC3, 0x28},
          {(byte) 0xC0, (byte) 0xAF},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xFF}
        }) {
      assertThatThrownBy(() -> Texts.requireUtf8(bad))
          .isInstanceOf(ProblemException.BadRequest.class);
    }
  }
}

package io.chatcqrs.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SealedTest {

  @Test
  void json_form_should_be_stable() {
    Sealed sealed =
        new Sealed(
            1,
            List.of(KeyId.of("user:alice"), KeyId.of("chat:c1:2026-11-25:1d")),
            new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 0xff},
            new byte[] {(byte) 0xfb, (byte) 0xff, 0x10});

    String json = sealed.toJson();

    assertThat(json)
        .isEqualTo(
            "{\"v\":1,\"kids\":[\"user:alice\",\"chat:c1:2026-11-25:1d\"],"
                + "\"n\":\"AAECAwQFBgcICQr_\",\"c\":\"-_8Q\"}");
    assertThat(Sealed.fromJson(json)).isEqualTo(sealed);
  }

  @Test
  void should_ignore_unknown_fields_and_refuse_incomplete_ones() {
    assertThat(
            Sealed.fromJson(
                    "{\"v\":1,\"kids\":[\"user:bob\"],\"n\":\"AAAA\",\"c\":\"AAAA\",\"x\":true}")
                .keyIds())
        .containsExactly(KeyId.of("user:bob"));
    assertThatThrownBy(() -> Sealed.fromJson("{\"v\":1,\"kids\":[\"user:bob\"],\"n\":\"AAAA\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sealed.fromJson("{\"v\":1,\"kids\":[],\"n\":\"AA\",\"c\":\"AA\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Sealed.fromJson("{\"v\":1,\"kids\":[\"bob\"],\"n\":\"AA\",\"c\":\"AA\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.chatcqrs.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldCipherTest {
  private static final ChatId CHAT = ChatId.of("c1");
  private static final MessageId MESSAGE = MessageId.of("m1");
  private static final SealContext CONTEXT = SealContext.messageText(CHAT, MESSAGE);

  private final SecureRandom random = new SecureRandom();
  private final FieldCipher cipher = new FieldCipher();
  private final DataKey alice = DataKey.generate(KeyId.user(UserId.of("alice")), random);
  private final DataKey period = DataKey.generate(KeyId.of("chat:c1:2026-11-25:1d"), random);

  @Test
  void should_open_what_it_sealed() {
    Sealed sealed = cipher.seal("hello, wörld ✓", CONTEXT, List.of(alice, period));

    assertThat(sealed.keyIds()).containsExactly(alice.id(), period.id());
    assertThat(sealed.nonce()).hasSize(FieldCipher.NONCE_BYTES);
    assertThat(cipher.open(sealed, CONTEXT, List.of(alice, period))).isEqualTo("hello, wörld ✓");
    assertThat(cipher.open(Sealed.fromJson(sealed.toJson()), CONTEXT, List.of(alice, period)))
        .isEqualTo("hello, wörld ✓");
  }

  @Test
  void should_not_carry_the_text_in_clear_and_should_differ_each_time() {
    Sealed first = cipher.seal("secret plans", CONTEXT, List.of(alice, period));
    Sealed second = cipher.seal("secret plans", CONTEXT, List.of(alice, period));

    assertThat(first.toJson()).doesNotContain("secret");
    assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("secret");
    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    assertThat(first.nonce()).isNotEqualTo(second.nonce());
  }

  @Test
  void should_refuse_a_value_moved_to_another_message_chat_or_field() {
    Sealed sealed = cipher.seal("hi", CONTEXT, List.of(alice, period));
    List<DataKey> keys = List.of(alice, period);

    assertThatThrownBy(
            () -> cipher.open(sealed, SealContext.messageText(CHAT, MessageId.of("m2")), keys))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(
            () -> cipher.open(sealed, SealContext.messageText(ChatId.of("c2"), MESSAGE), keys))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> cipher.open(sealed, new SealContext("report.note", CHAT, "m1"), keys))
        .isInstanceOf(SealedTextException.class);
  }

  @Test
  void should_refuse_a_tampered_ciphertext_nonce_or_key_list() {
    Sealed sealed = cipher.seal("hi there", CONTEXT, List.of(alice, period));
    List<DataKey> keys = List.of(alice, period);

    byte[] ciphertext = sealed.ciphertext();
    ciphertext[0] ^= 1;
    Sealed flippedText = new Sealed(1, sealed.keyIds(), sealed.nonce(), ciphertext);
    byte[] nonce = sealed.nonce();
    nonce[11] ^= (byte) 0x80;
    Sealed flippedNonce = new Sealed(1, sealed.keyIds(), nonce, sealed.ciphertext());
    byte[] tag = sealed.ciphertext();
    tag[tag.length - 1] ^= 1;
    Sealed flippedTag = new Sealed(1, sealed.keyIds(), sealed.nonce(), tag);

    assertThatThrownBy(() -> cipher.open(flippedText, CONTEXT, keys))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> cipher.open(flippedNonce, CONTEXT, keys))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> cipher.open(flippedTag, CONTEXT, keys))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> cipher.open(sealed, CONTEXT, List.of(period, alice)))
        .isInstanceOf(SealedTextException.class);
  }

  @Test
  void should_need_every_key_it_was_sealed_with() {
    Sealed sealed = cipher.seal("hi", CONTEXT, List.of(alice, period));
    DataKey otherPeriod = DataKey.generate(period.id(), random);

    assertThatThrownBy(() -> cipher.open(sealed, CONTEXT, List.of(alice)))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> cipher.open(sealed, CONTEXT, List.of(alice, otherPeriod)))
        .isInstanceOf(SealedTextException.class);
  }

  @Test
  void should_refuse_an_unknown_envelope_version() {
    Sealed sealed = cipher.seal("hi", CONTEXT, List.of(alice));
    Sealed v2 = new Sealed(2, sealed.keyIds(), sealed.nonce(), sealed.ciphertext());

    assertThatThrownBy(() -> cipher.open(v2, CONTEXT, List.of(alice)))
        .isInstanceOf(SealedTextException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void hkdf_should_match_rfc_5869_test_case_1() {
    HexFormat hex = HexFormat.of();
    byte[] okm =
        Hkdf.derive(
            hex.parseHex("000102030405060708090a0b0c"),
            hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            hex.parseHex("f0f1f2f3f4f5f6f7f8f9"),
            42);

    assertThat(hex.formatHex(okm))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865");
  }
}

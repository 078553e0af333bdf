package io.chatcqrs.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.UserId;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeyRingTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final KeyId ALICE = KeyId.user(UserId.of("alice"));

  static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void should_unwrap_what_it_wrapped_and_keep_old_keys_for_rotation() {
    String mk1 = "mk1:" + newKey();
    MasterKeyRing old = MasterKeyRing.parse(mk1);
    MasterKeyRing rotated = MasterKeyRing.parse("mk2:" + newKey() + "," + mk1);
    DataKey key = DataKey.generate(ALICE, RANDOM);

    byte[] wrapped = old.wrap(key);

    assertThat(old.unwrap(ALICE, "mk1", wrapped)).isEqualTo(key);
    assertThat(rotated.currentId()).isEqualTo("mk2");
    assertThat(rotated.ids()).containsExactly("mk2", "mk1");
    assertThat(rotated.unwrap(ALICE, "mk1", wrapped)).isEqualTo(key);
    assertThat(rotated.unwrap(ALICE, "mk2", rotated.wrap(key))).isEqualTo(key);
  }

  @Test
  void a_wrapped_key_should_not_unwrap_as_another_key_or_under_another_master() {
    MasterKeyRing ring = MasterKeyRing.parse("mk1:" + newKey() + ",mk0:" + newKey());
    byte[] wrapped = ring.wrap(DataKey.generate(ALICE, RANDOM));

    assertThatThrownBy(() -> ring.unwrap(KeyId.user(UserId.of("bob")), "mk1", wrapped))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> ring.unwrap(ALICE, "mk0", wrapped))
        .isInstanceOf(SealedTextException.class);
    assertThatThrownBy(() -> ring.unwrap(ALICE, "mk9", wrapped))
        .isInstanceOf(SealedTextException.class)
        .hasMessageContaining("not configured");
  }

  @Test
  void should_refuse_short_malformed_or_missing_keys_without_showing_them() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[31]);

    assertThatThrownBy(() -> MasterKeyRing.parse("mk1:" + shortKey))
        .hasMessageContaining("31 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> MasterKeyRing.parse(newKey()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MasterKeyRing.parse("mk1:not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MasterKeyRing.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(MasterKeyRing.parse("mk1:" + newKey()).toString()).isEqualTo("MasterKeyRing[mk1]");
  }
}

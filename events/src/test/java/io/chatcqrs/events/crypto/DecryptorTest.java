package io.chatcqrs.events.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecryptorTest {
  private static final ChatId CHAT = ChatId.of("c1");
  private static final Instant AT = Instant.parse("2026-11-25T09:30:00Z");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");

  private final KeyStore keys = new InMemoryKeyStore();
  private final Encryptor encryptor = new Encryptor(keys, 1);
  private final Decryptor decryptor = new Decryptor(keys);

  @Test
  void should_open_a_message_sealed_under_sender_and_period_keys() {
    Sealed sealed = encryptor.sealMessageText(CHAT, MessageId.of("m1"), ALICE, AT, "hi bob");

    assertThat(sealed.keyIds())
        .containsExactly(KeyId.of("user:alice"), KeyId.of("chat:c1:2026-11-25:1d"));
    assertThat(decryptor.openMessageText(sealed, CHAT, MessageId.of("m1")))
        .isEqualTo(new Opened.Text("hi bob"));
  }

  @Test
  void should_answer_erased_for_the_erased_sender_only() {
    Sealed fromAlice = encryptor.sealMessageText(CHAT, MessageId.of("m1"), ALICE, AT, "from a");
    Sealed fromBob = encryptor.sealMessageText(CHAT, MessageId.of("m2"), BOB, AT, "from b");

    keys.destroy(KeyId.user(ALICE));

    assertThat(decryptor.openMessageText(fromAlice, CHAT, MessageId.of("m1")))
        .isEqualTo(new Opened.Erased(KeyId.user(ALICE)));
    assertThat(decryptor.openMessageText(fromBob, CHAT, MessageId.of("m2")))
        .isEqualTo(new Opened.Text("from b"));
    assertThatThrownBy(
            () -> encryptor.sealMessageText(CHAT, MessageId.of("m3"), ALICE, AT, "again"))
        .isInstanceOf(KeyDestroyedException.class);
  }

  @Test
  void should_answer_expired_when_the_period_key_is_destroyed() {
    Sealed old = encryptor.sealMessageText(CHAT, MessageId.of("m1"), ALICE, AT, "old");
    Sealed recent =
        encryptor.sealMessageText(CHAT, MessageId.of("m2"), ALICE, AT.plusSeconds(86_400), "new");

    keys.destroy(KeyId.of("chat:c1:2026-11-25:1d"));

    assertThat(decryptor.openMessageText(old, CHAT, MessageId.of("m1")))
        .isEqualTo(new Opened.Expired(KeyId.of("chat:c1:2026-11-25:1d")));
    assertThat(decryptor.openMessageText(recent, CHAT, MessageId.of("m2")))
        .isEqualTo(new Opened.Text("new"));
  }

  @Test
  void erased_should_win_over_expired() {
    Sealed sealed = encryptor.sealMessageText(CHAT, MessageId.of("m1"), ALICE, AT, "x");

    keys.destroy(KeyId.of("chat:c1:2026-11-25:1d"));
    keys.destroy(KeyId.user(ALICE));

    assertThat(decryptor.openMessageText(sealed, CHAT, MessageId.of("m1")))
        .isInstanceOf(Opened.Erased.class);
  }

  @Test
  void should_answer_missing_and_unreadable_without_throwing() {
    Sealed sealed = encryptor.sealMessageText(CHAT, MessageId.of("m1"), ALICE, AT, "x");
    Decryptor elsewhere = new Decryptor(new InMemoryKeyStore());
    byte[] ciphertext = sealed.ciphertext();
    ciphertext[0] ^= 1;
    Sealed tampered = new Sealed(1, sealed.keyIds(), sealed.nonce(), ciphertext);

    assertThat(elsewhere.openMessageText(sealed, CHAT, MessageId.of("m1")))
        .isEqualTo(new Opened.KeyMissing(KeyId.user(ALICE)));
    assertThat(decryptor.openMessageText(tampered, CHAT, MessageId.of("m1")))
        .isInstanceOf(Opened.Unreadable.class);
    assertThat(decryptor.openMessageText(sealed, CHAT, MessageId.of("m9")))
        .isInstanceOf(Opened.Unreadable.class);
  }

  @Test
  void a_destroyed_key_should_stay_destroyed() {
    KeyId never = KeyId.user(UserId.of("carol"));
    keys.destroy(never);
    keys.destroy(never);

    assertThat(keys.get(never)).isInstanceOf(KeyLookup.Destroyed.class);
    assertThat(keys.destroyed()).containsExactly(never);
    assertThatThrownBy(() -> keys.createIfAbsent(never)).isInstanceOf(KeyDestroyedException.class);
    assertThat(List.copyOf(keys.live())).doesNotContain(never);
  }
}

package io.chatcqrs.query.live.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Authenticated;
import io.chatcqrs.platform.auth.Caller;
import io.chatcqrs.platform.http.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketCodecTest {
  private static final byte[] KEY =
      "ticket-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-11-25T09:30:00.123Z");
  private static final Authenticated ANA =
      new Authenticated(new Caller(UserId.of("ana"), false), NOW.plusSeconds(600));

  private static TicketCodec codecAt(Instant now) {
    return new TicketCodec(KEY, Duration.ofSeconds(30), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void should_round_trip_a_ticket_on_another_codec_with_the_same_key() {
    Ticket issued = codecAt(NOW).issue(ANA);
    String text = codecAt(NOW).encode(issued);

    Ticket read = codecAt(NOW.plusSeconds(29)).decode(text);

    assertThat(read).isEqualTo(issued);
    assertThat(read.expiresAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(read.credentials()).isEqualTo(ANA);
  }

  @Test
  void should_refuse_an_expired_ticket() {
    String text = codecAt(NOW).encode(codecAt(NOW).issue(ANA));

    assertThatThrownBy(() -> codecAt(NOW.plusSeconds(30)).decode(text))
        .isInstanceOf(ProblemException.Unauthorized.class)
        .hasMessageContaining("expired");
  }

  @Test
  void should_not_outlive_the_token_it_was_issued_for() {
    Authenticated shortLived =
        new Authenticated(new Caller(UserId.of("ana"), false), NOW.plusSeconds(5));

    Ticket ticket = codecAt(NOW).issue(shortLived);

    assertThat(ticket.expiresAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(ticket.tokenExpiresAt()).isEqualTo(NOW.plusSeconds(5));
  }

  @Test
  void should_refuse_a_changed_or_foreign_ticket() {
    String text = codecAt(NOW).encode(codecAt(NOW).issue(ANA));
    String payload = text.substring(0, text.indexOf('.'));
    String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    String forgedPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(json.replace("\"ana\"", "\"bob\"").getBytes(StandardCharsets.UTF_8));
    TicketCodec other =
        new TicketCodec(
            "another-key-0123456789abcdef01234567".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(30),
            Clock.fixed(NOW, ZoneOffset.UTC));

    for (String bad :
        new String[] {
          forgedPayload + text.substring(text.indexOf('.')),
          other.encode(other.issue(ANA)),
          text.substring(0, text.length() - 2),
          "garbage",
          "a.b.c",
          "",
          "x".repeat(2000)
        }) {
      assertThatThrownBy(() -> codecAt(NOW).decode(bad))
          .as(bad)
          .isInstanceOf(ProblemException.Unauthorized.class);
    }
  }

  @Test
  void should_give_every_ticket_its_own_nonce() {
    TicketCodec codec = codecAt(NOW);
    Set<String> nonces = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      nonces.add(codec.issue(ANA).nonce());
    }
    assertThat(nonces).hasSize(1000);
  }

  @Test
  void should_derive_a_key_from_the_jwt_secret_unless_one_is_configured() {
    String jwt = "jwt-secret-0123456789abcdef0123456789";
    assertThat(TicketCodec.key(null, jwt)).hasSize(32).isEqualTo(TicketCodec.key("", jwt));
    assertThat(TicketCodec.key(null, jwt)).isNotEqualTo(jwt.getBytes(StandardCharsets.UTF_8));
    assertThat(TicketCodec.key(new String(KEY, StandardCharsets.UTF_8), jwt)).isEqualTo(KEY);
    assertThatThrownBy(() -> TicketCodec.key("short", jwt))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

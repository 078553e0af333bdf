package io.chatcqrs.query.live.ticket;

import io.chatcqrs.events.UserId;
import io.chatcqrs.platform.auth.Authenticated;
import io.chatcqrs.platform.auth.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * What a live-stream ticket says: whose stream it opens, until when the bearer token it was issued
 * for holds (the stream ends then), until when the ticket itself may be used, and the random nonce
 * that makes it single-use.
 *
 * @param caller the caller the ticket was issued to
 * @param tokenExpiresAt the bearer token's {@code exp}; null for a token without one
 * @param expiresAt the ticket's own expiry
 * @param nonce random, unique per ticket (base64url)
 */
public record Ticket(Caller caller, Instant tokenExpiresAt, Instant expiresAt, String nonce) {
  /** Checks the fields. */
  public Ticket {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(nonce, "nonce");
  }

  /** The user whose stream the ticket opens. */
  public UserId userId() {
    return caller.userId();
  }

  /** The credentials a stream opened with this ticket has. */
  public Authenticated credentials() {
    return new Authenticated(caller, tokenExpiresAt);
  }
}

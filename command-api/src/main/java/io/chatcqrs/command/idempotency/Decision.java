package io.chatcqrs.command.idempotency;

import java.util.UUID;

/**
 * What to do with a request that carries an {@code Idempotency-Key}, given what the store holds for
 * its caller and key. Pure: {@link #of} is the whole rule.
 */
public sealed interface Decision {

  /**
   * The rule of the IETF draft: a free key is claimed and the command runs; a key taken by another
   * request (another fingerprint) is a mismatch (422), whether or not that request was answered; a
   * key taken by the same request is replayed once answered and a conflict (409) while in flight.
   */
  static Decision of(ClaimOutcome outcome, String fingerprint) {
    if (outcome instanceof ClaimOutcome.Claimed claimed) {
      return new Execute(claimed.claimId());
    }
    ClaimOutcome.Taken taken = (ClaimOutcome.Taken) outcome;
    if (taken.fingerprint() == null) {
      return new InFlight();
    }
    if (!taken.fingerprint().equals(fingerprint)) {
      return new Mismatch();
    }
    return taken.answer().<Decision>map(Replay::new).orElseGet(InFlight::new);
  }

  /** Run the command under the claim {@code claimId}. */
  record Execute(UUID claimId) implements Decision {}

  /** Answer the first answer again; append nothing. */
  record Replay(ClaimOutcome.StoredAnswer answer) implements Decision {}

  /** The same request is still being processed: 409, append nothing. */
  record InFlight() implements Decision {}

  /** The key was used for a different request: 422, append nothing. */
  record Mismatch() implements Decision {}
}

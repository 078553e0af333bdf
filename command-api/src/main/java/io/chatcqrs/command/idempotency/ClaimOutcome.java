package io.chatcqrs.command.idempotency;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What the store answered to an attempt to claim a (caller, key): ours now, or already taken. */
public sealed interface ClaimOutcome {

  /** The key was free and is now claimed by this request ({@code claimId}). */
  record Claimed(UUID claimId) implements ClaimOutcome {
    public Claimed {
      Objects.requireNonNull(claimId, "claimId");
    }
  }

  /**
   * The key is taken: by a request still in flight ({@code answer} empty) or by one that was
   * answered ({@code answer} present).
   *
   * @param fingerprint the fingerprint of the request that took the key (null if unreadable)
   */
  record Taken(String fingerprint, Optional<StoredAnswer> answer) implements ClaimOutcome {
    public Taken {
      Objects.requireNonNull(answer, "answer");
    }
  }

  /** A recorded answer: its status and its JSON body, byte for byte as first sent. */
  record StoredAnswer(int status, String body) {
    public StoredAnswer {
      if (status < 200 || status > 299) {
        throw new IllegalArgumentException("only 2xx answers are recorded: " + status);
      }
      Objects.requireNonNull(body, "body");
    }
  }
}

package io.chatcqrs.command.idempotency;

import io.chatcqrs.platform.http.Problem;
import io.chatcqrs.platform.http.ProblemException;
import java.util.Map;

/** The problems of the {@code Idempotency-Key} header (IETF httpapi draft, section 2.7). */
public final class IdempotencyProblems {
  private IdempotencyProblems() {}

  /** 409: a request with the same key and the same content is still being processed. */
  public static final class KeyInFlight extends ProblemException {
    private static final long serialVersionUID = 1L;

    public KeyInFlight() {
      super(
          Problem.of(
              "idempotency-key-in-flight",
              "Request in progress",
              409,
              "a request with this Idempotency-Key is still being processed; retry later"),
          Map.of("Retry-After", "1"));
    }
  }

  /** 422: the key was already used for a request with another method, path or body. */
  public static final class KeyReused extends ProblemException {
    private static final long serialVersionUID = 1L;

    public KeyReused() {
      super(
          Problem.of(
              "idempotency-key-reused",
              "Idempotency-Key reused",
              422,
              "this Idempotency-Key was already used for a different request"));
    }
  }
}

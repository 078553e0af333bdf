package io.chatcqrs.query.cursor;

import io.chatcqrs.platform.http.Problem;
import io.chatcqrs.platform.http.ProblemException;

/**
 * A cursor that is malformed, was altered, or belongs to another endpoint, user or chat. Answered
 * with 400; the detail never says which check failed.
 */
public final class InvalidCursorException extends ProblemException {
  /** The one problem every invalid cursor gets. */
  public InvalidCursorException() {
    super(
        Problem.of(
            "bad-request", "Bad request", 400, "cursor is invalid or belongs to another request"));
  }
}

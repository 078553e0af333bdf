package io.chatcqrs.command.readmodel;

import java.util.Optional;

/**
 * The answer of a read-model lookup: either unknown (Cassandra did not answer, so nothing may be
 * concluded), or an answer that the row exists (with its value) or does not.
 *
 * @param answered whether the read model answered
 * @param value the row's value when answered and present, else null
 */
public record Lookup<T>(boolean answered, T value) {
  /** Cassandra did not answer. */
  public static <T> Lookup<T> unknown() {
    return new Lookup<>(false, null);
  }

  /** The read model answered: the row exists, or not (when {@code value} is empty). */
  public static <T> Lookup<T> answer(Optional<T> value) {
    return new Lookup<>(true, value.orElse(null));
  }

  /** Whether the read model answered that there is no such row. */
  public boolean absent() {
    return answered && value == null;
  }

  /** The value, if the row is known to exist. */
  public Optional<T> found() {
    return Optional.ofNullable(value);
  }
}

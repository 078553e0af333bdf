package io.chatcqrs.reliability.hostile;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a hostile request must be answered with: the statuses the contract allows for it and the
 * rule they come from. No status set ever holds a negative value, so no answer at all (a timeout, a
 * closed or reset connection) never satisfies an expectation.
 *
 * @param rule the contract rule, for the failure message, e.g. {@code "forged token: 401"}
 * @param statuses the allowed HTTP statuses
 */
public record Expect(String rule, Set<Integer> statuses) {

  /** Copies the set. */
  public Expect {
    statuses = Set.copyOf(statuses);
  }

  /** Exactly these statuses. */
  public static Expect of(String rule, int... statuses) {
    return new Expect(rule, IntStream.of(statuses).boxed().collect(Collectors.toSet()));
  }

  /** Any client error (400-499): the contract allows several for this request. */
  public static Expect clientError(String rule) {
    return new Expect(rule, range(400, 499));
  }

  /** Any answer but a server error (100-499): only "no 5xx, an answer" can be said. */
  public static Expect answeredWithout5xx(String rule) {
    return new Expect(rule, range(100, 499));
  }

  /** Whether {@code status} satisfies this expectation. */
  public boolean allows(int status) {
    return statuses.contains(status);
  }

  /** The allowed statuses, compactly: {@code 401}, {@code 400|404}, {@code 4xx}. */
  public String describe() {
    if (statuses.containsAll(range(100, 499))) {
      return "any status below 500";
    }
    if (statuses.containsAll(range(400, 499)) && statuses.size() == 100) {
      return "4xx";
    }
    return new TreeSet<>(statuses).stream().map(String::valueOf).collect(Collectors.joining("|"));
  }

  private static Set<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toSet());
  }
}

package io.chatcqrs.events;

import java.util.regex.Pattern;

/** The one rule every id of the contract follows: 1-64 characters of {@code [A-Za-z0-9_-]}. */
public final class Ids {
  /** The id pattern of the API contract. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Ids() {}

  /** Whether {@code value} is a valid id. */
  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /**
   * Returns {@code value} or throws {@link InvalidIdException} naming the kind of id.
   *
   * @param kind what the id is, for the error message ("chat_id", "user_id"...)
   */
  public static String require(String kind, String value) {
    if (!isValid(value)) {
      throw new InvalidIdException(kind);
    }
    return value;
  }

  /** An id that breaks the contract's pattern. */
  public static final class InvalidIdException extends IllegalArgumentException {
    private final String kind;

    InvalidIdException(String kind) {
      super(kind + " must match " + PATTERN.pattern());
      this.kind = kind;
    }

    /** Which id was invalid. */
    public String kind() {
      return kind;
    }
  }
}

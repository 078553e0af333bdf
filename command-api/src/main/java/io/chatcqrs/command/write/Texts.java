package io.chatcqrs.command.write;

import io.chatcqrs.platform.http.ProblemException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text rules the schema cannot express: a body must be valid UTF-8 (strictly: no overlong
 * forms, no encoded surrogates), and a message text must be 1-4000 Unicode code points without NUL
 * and without unpaired surrogates (which a JSON {@code \\uD800} escape could smuggle in).
 */
public final class Texts {
  /** The most code points a message text may have. */
  public static final int MAX_CODE_POINTS = 4000;

  private Texts() {}

  /**
   * Checks a raw request body is valid UTF-8.
   *
   * @throws ProblemException.BadRequest if it is not
   */
  public static void requireUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw new ProblemException.BadRequest("the body is not valid UTF-8");
    }
  }

  /**
   * Returns the message text if it follows the rules.
   *
   * @throws ProblemException.BadRequest naming the broken rule
   */
  public static String requireMessageText(String text) {
    if (text == null) {
      throw new ProblemException.BadRequest("text is required");
    }
    int codePoints = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        throw new ProblemException.BadRequest("text must not contain NUL");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          throw new ProblemException.BadRequest("text is not valid Unicode");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new ProblemException.BadRequest("text is not valid Unicode");
      }
      codePoints++;
    }
    if (codePoints < 1 || codePoints > MAX_CODE_POINTS) {
      throw new ProblemException.BadRequest(
          "text must be 1-" + MAX_CODE_POINTS + " characters, was " + codePoints);
    }
    return text;
  }
}

package io.chatcqrs.infra.process;

/**
 * A server or tool in a child JVM did not start, or did not become ready in time. The message says
 * what was expected and carries the last lines of the child's log.
 */
public class ChildStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ChildStartException(String message) {
    super(message);
  }

  public ChildStartException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A failure of {@code child}: {@code what}, the first error line of its log since it started, and
   * the last 40 lines of its log.
   */
  public static ChildStartException of(ChildJvm child, String what, Throwable cause) {
    String message =
        what
            + " ("
            + child
            + (child.isAlive() ? "" : ", exited with code " + child.exitCode())
            + ")"
            + LogTail.firstError(child.logFile()).map(line -> "\nfirst error: " + line).orElse("")
            + "\n--- last lines of "
            + child.logFile()
            + " ---\n"
            + child.logTail(40);
    return new ChildStartException(message, cause);
  }
}

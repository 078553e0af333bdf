package io.chatcqrs.local;

import java.util.Locale;

/** One-line progress messages with timings on standard output. */
final class Progress {

  private Progress() {}

  static void say(String message) {
    System.out.println("==> " + message);
  }

  /** {@code message in 9.8 s}, measured from {@code startNanos}. */
  static void done(String message, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.println(
        "==> " + message + " in " + String.format(Locale.ROOT, "%.1f", seconds) + " s");
  }

  static void warn(String message) {
    System.out.println("==> WARNING: " + message);
  }
}

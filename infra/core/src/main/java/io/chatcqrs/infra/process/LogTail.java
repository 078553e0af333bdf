package io.chatcqrs.infra.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the last lines of a (possibly large) log file without loading all of it. */
public final class LogTail {

  private static final int MAX_BYTES = 256 * 1024;
  private static final Pattern ERROR = Pattern.compile("\\b(ERROR|FATAL)\\b|Exception: ");

  private LogTail() {}

  /** The last {@code lines} lines of {@code file}, or a note saying why there are none. */
  public static String of(Path file, int lines) {
    try {
      List<String> all = lastLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /**
   * The first line that reports an error since the last start header ({@code === ... starting})
   * that {@link ChildJvm} writes, or empty: usually the real reason a server did not start.
   */
  public static Optional<String> firstError(Path file) {
    try {
      List<String> all = lastLines(file);
      int start = 0;
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).startsWith("=== ")) {
          start = i;
          break;
        }
      }
      return all.subList(start, all.size()).stream()
          .filter(line -> ERROR.matcher(line).find())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> lastLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of("(no log at " + file + ")");
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    }
  }
}

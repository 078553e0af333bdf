package io.chatcqrs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's results next to each other: {@code results.md} (machine, command, tables) and
 * {@code latency.svg} (p50/p99 per result as bars), in a directory per run.
 */
final class Report {
  private final Path dir;
  private final StringBuilder markdown = new StringBuilder();

  Report(Path dir, String command) throws IOException {
    this.dir = Files.createDirectories(dir);
    var os = ManagementFactory.getOperatingSystemMXBean();
    markdown
        .append("# Bench run ")
        .append(Instant.now())
        .append("\n\n")
        .append("- machine: ")
        .append(os.getAvailableProcessors())
        .append(" cores, ")
        .append(totalMemoryGiB())
        .append(" GiB, ")
        .append(os.getName())
        .append(' ')
        .append(os.getArch())
        .append("\n- JVM: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.version"))
        .append("\n- command: `")
        .append(command)
        .append("`\n\n");
  }

  void section(String title, List<LoadResult> results, String notes) {
    markdown.append("## ").append(title).append("\n\n").append(LoadResult.header()).append('\n');
    results.forEach(r -> markdown.append(r.row()).append('\n'));
    markdown.append('\n').append(notes).append("\n\n");
    System.out.println(LoadResult.header());
    results.forEach(r -> System.out.println(r.row()));
    System.out.println(notes);
    saveMarkdown();
  }

  /** Keeps results.md current after every section, so a failing later scenario loses nothing. */
  private void saveMarkdown() {
    try {
      Files.writeString(dir.resolve("results.md"), markdown.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  void note(String text) {
    markdown.append(text).append("\n\n");
    System.out.println(text);
    saveMarkdown();
  }

  /** Writes another file of the run (e.g. a figure) next to results.md. */
  void file(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }

  Path write(List<LoadResult> all) throws IOException {
    saveMarkdown();
    Files.writeString(dir.resolve("latency.svg"), svg(all));
    return dir;
  }

  /** Horizontal bars: p50 (dark) and p99 (light) per result, on a log-free linear scale. */
  static String svg(List<LoadResult> results) {
    double max =
        results.stream()
            .mapToDouble(r -> r.millisAt(99))
            .filter(v -> !Double.isNaN(v))
            .max()
            .orElse(1);
    int rowHeight = 18;
    int width = 900;
    int labelWidth = 330;
    int height = rowHeight * results.size() + 40;
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n"
                    + "<text x=\"4\" y=\"14\">latency p50 (dark) and p99 (light), ms; scale max %.1f ms</text>%n",
                width,
                height,
                max));
    int y = 26;
    for (LoadResult r : results) {
      double p50 = r.millisAt(50);
      double p99 = r.millisAt(99);
      double scale = (width - labelWidth - 80) / max;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"4\" y=\"%d\">%s c/rate=%d</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"#9ecae1\"/>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"#3182bd\"/>"
                  + "<text x=\"%.1f\" y=\"%d\">%.2f / %.2f</text>%n",
              y + 10,
              escape(r.label()),
              r.concurrency(),
              labelWidth,
              y,
              Double.isNaN(p99) ? 0 : p99 * scale,
              labelWidth,
              y,
              Double.isNaN(p50) ? 0 : p50 * scale,
              labelWidth + (Double.isNaN(p99) ? 0 : p99 * scale) + 4,
              y + 10,
              p50,
              p99));
      y += rowHeight;
    }
    return svg.append("</svg>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;");
  }

  private static long totalMemoryGiB() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Math.round(sun.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }
    return -1;
  }
}

package io.chatcqrs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The group-size scenario's output: markdown tables with one column per group size (summary, bytes
 * per message per topic, CQL writes per message per table) and {@code group-size.svg}, one figure
 * per cost against the group size on log-log axes (a cost that does not grow with the group is a
 * flat line; one per member rises with slope 1).
 */
final class GroupSizeReport {
  private final List<GroupSizeResult> results;
  private final String applicationId;

  GroupSizeReport(List<GroupSizeResult> results, String applicationId) {
    this.results = List.copyOf(results);
    this.applicationId = applicationId;
  }

  /** The topic families plotted and summed: the four chat topics, changelogs and repartitions. */
  Map<String, Predicate<String>> families(io.chatcqrs.events.topics.ChatTopics topics) {
    Map<String, Predicate<String>> families = new LinkedHashMap<>();
    families.put("chat.events", topics.chatEvents()::equals);
    families.put("chat.sequenced", topics.chatSequenced()::equals);
    families.put("chat.user-events", topics.userEvents()::equals);
    families.put("chat.room-updates", topics.roomUpdates()::equals);
    families.put("chat.group-events", topics.groupEvents()::equals);
    families.put(
        "Streams changelogs", t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog"));
    families.put(
        "Streams repartitions",
        t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"));
    return families;
  }

  /** The tables, ready for results.md. */
  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(header("measure"));
    row(md, "messages measured (cost / latency)", r -> r.messages() + " / " + count(r));
    row(md, "bytes per message, all topics", r -> number(r.bytesPerMessage()));
    row(md, "Kafka records per message", r -> decimal(r.recordsPerMessage()));
    row(md, "CQL writes per message", r -> decimal(r.cqlWritesPerMessage()));
    row(md, "services CPU ms per message", r -> decimal(r.cpuMillisPerMessage()));
    row(md, "send -> last member sees it, p50 ms", r -> decimal(r.latencyMillis(50)));
    row(md, "send -> last member sees it, p99 ms", r -> decimal(r.latencyMillis(99)));
    row(md, "send -> last member sees it, max ms", r -> decimal(r.latencyMillis(100)));
    row(md, "not visible within the bound", r -> Long.toString(r.notVisible()));
    md.append("\nBytes per message (key + value + headers of the records written), per topic:\n\n");
    md.append(header("topic"));
    TreeSet<String> topics = new TreeSet<>();
    results.forEach(r -> topics.addAll(r.traffic().topics().keySet()));
    for (String topic : topics) {
      row(
          md,
          "`" + topic + "`",
          r ->
              r.traffic().topics().containsKey(topic)
                  ? number(r.traffic().bytesPerMessage(topic, r.messages()))
                  : "absent");
    }
    md.append("\nCQL writes per message (`chat_projection_cql_writes_total`), per table:\n\n");
    md.append(header("table"));
    TreeSet<String> tables = new TreeSet<>();
    results.forEach(r -> tables.addAll(r.cqlWrites().keySet()));
    for (String table : tables) {
      row(
          md,
          "`" + table + "`",
          r -> decimal(r.cqlWrites().getOrDefault(table, 0.0) / r.messages()));
    }
    return md.toString();
  }

  private String header(String first) {
    StringBuilder h = new StringBuilder("| ").append(first).append(" |");
    StringBuilder rule = new StringBuilder("|---|");
    for (GroupSizeResult r : results) {
      h.append(' ').append(number(r.members())).append(" members |");
      rule.append("---:|");
    }
    return h.append('\n').append(rule).append('\n').toString();
  }

  private void row(
      StringBuilder md, String label, java.util.function.Function<GroupSizeResult, String> cell) {
    md.append("| ").append(label).append(" |");
    results.forEach(r -> md.append(' ').append(cell.apply(r)).append(" |"));
    md.append('\n');
  }

  private static String count(GroupSizeResult r) {
    return Long.toString(r.latencyMicros().getTotalCount() + r.notVisible());
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String decimal(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.2f", v);
  }

  /** One line of a figure: its name, colour and value per result. */
  record Line(String name, String colour, ToDoubleFunction<GroupSizeResult> value) {}

  /** The four figures, stacked: bytes, CQL writes, CPU, latency; each against group size. */
  String svg(io.chatcqrs.events.topics.ChatTopics topics) {
    String[] colours = {"#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#d6616b"};
    List<Line> bytes = new ArrayList<>();
    bytes.add(new Line("all topics", "#000000", GroupSizeResult::bytesPerMessage));
    int c = 0;
    for (var family : families(topics).entrySet()) {
      var accepts = family.getValue();
      bytes.add(
          new Line(
              family.getKey(), colours[c++ % colours.length], r -> r.bytesPerMessage(accepts)));
    }
    List<String> figures = new ArrayList<>();
    figures.add(figure("Kafka bytes per message", bytes));
    figures.add(
        figure(
            "Cassandra writes per message",
            List.of(new Line("CQL writes", "#000000", GroupSizeResult::cqlWritesPerMessage))));
    figures.add(
        figure(
            "services CPU ms per message",
            List.of(new Line("CPU ms", "#000000", GroupSizeResult::cpuMillisPerMessage))));
    figures.add(
        figure(
            "send -> visible to the last member, ms",
            List.of(
                new Line("p50", "#3182bd", r -> r.latencyMillis(50)),
                new Line("p99", "#e6550d", r -> r.latencyMillis(99)))));
    int height = FIGURE_HEIGHT * figures.size();
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH,
                height));
    for (int i = 0; i < figures.size(); i++) {
      svg.append(
              String.format(Locale.ROOT, "<g transform=\"translate(0,%d)\">%n", i * FIGURE_HEIGHT))
          .append(figures.get(i))
          .append("</g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  static final int WIDTH = 760;
  static final int FIGURE_HEIGHT = 260;
  private static final int LEFT = 70;
  private static final int TOP = 24;
  private static final int PLOT_W = 460;
  private static final int PLOT_H = 190;

  /**
   * One figure: log x (group size), log y (decades around the positive values; values <= 0 or NaN
   * are not drawn), a polyline with dots per line, a legend on the right.
   */
  private String figure(String title, List<Line> lines) {
    double xMin = results.stream().mapToDouble(GroupSizeResult::members).min().orElse(1);
    double xMax = results.stream().mapToDouble(GroupSizeResult::members).max().orElse(10);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (Line line : lines) {
      for (GroupSizeResult r : results) {
        double v = line.value().applyAsDouble(r);
        if (v > 0 && !Double.isNaN(v) && !Double.isInfinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    StringBuilder g = new StringBuilder();
    g.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"14\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            escape(title)));
    double xLo = Math.floor(Math.log10(xMin));
    double xHi = Math.max(xLo + 1, Math.ceil(Math.log10(xMax)));
    double yLo = lo == Double.MAX_VALUE ? 0 : Math.floor(Math.log10(lo));
    double yHi = lo == Double.MAX_VALUE ? 1 : Math.max(yLo + 1, Math.ceil(Math.log10(hi)));
    g.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
            LEFT,
            TOP,
            PLOT_W,
            PLOT_H));
    for (double d = xLo; d <= xHi; d++) {
      double x = LEFT + (d - xLo) / (xHi - xLo) * PLOT_W;
      g.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              x,
              TOP,
              x,
              TOP + PLOT_H,
              x,
              TOP + PLOT_H + 14,
              number(Math.pow(10, d))));
    }
    for (double d = yLo; d <= yHi; d++) {
      double y = TOP + PLOT_H - (d - yLo) / (yHi - yLo) * PLOT_H;
      g.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + PLOT_W,
              y,
              LEFT - 4,
              y + 4,
              tick(Math.pow(10, d))));
    }
    g.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">group members (log)</text>%n",
            LEFT + PLOT_W / 2,
            TOP + PLOT_H + 30));
    int legendY = TOP + 10;
    for (Line line : lines) {
      StringBuilder points = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (GroupSizeResult r : results) {
        double v = line.value().applyAsDouble(r);
        if (!(v > 0) || Double.isInfinite(v)) {
          continue;
        }
        double x = LEFT + (Math.log10(r.members()) - xLo) / (xHi - xLo) * PLOT_W;
        double y = TOP + PLOT_H - (Math.log10(v) - yLo) / (yHi - yLo) * PLOT_H;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        dots.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s at %s members</title></circle>",
                x,
                y,
                line.colour(),
                escape(line.name()),
                tick(v),
                number(r.members())));
      }
      if (points.length() > 0) {
        g.append(
                String.format(
                    Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                    points.toString().trim(),
                    line.colour()))
            .append(dots)
            .append('\n');
      }
      g.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              LEFT + PLOT_W + 16,
              legendY - 9,
              line.colour(),
              LEFT + PLOT_W + 30,
              legendY,
              escape(line.name())));
      legendY += 16;
    }
    return g.toString();
  }

  private static String tick(double v) {
    return v >= 1 ? number(v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

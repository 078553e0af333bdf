package io.chatcqrs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one metric in a Prometheus text exposition ({@code /metrics}): each line {@code
 * name{label="value",...} number}, comments and other metrics skipped. Enough for the bench's
 * counters and gauges; it does not read timestamps or exemplars.
 */
final class PrometheusText {
  private PrometheusText() {}

  /** One sample: its labels (in exposition order) and value. */
  record Sample(Map<String, String> labels, double value) {}

  /** Every sample of the metric {@code name} (exact name, e.g. {@code x_total}) in {@code text}. */
  static List<Sample> samples(String text, String name) {
    List<Sample> samples = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      Map<String, String> labels = new LinkedHashMap<>();
      if (rest.startsWith("{")) {
        int end = labelsEnd(rest);
        parseLabels(rest.substring(1, end), labels);
        rest = rest.substring(end + 1);
      } else if (!rest.startsWith(" ")) {
        continue; // another metric whose name starts with this one
      }
      String[] parts = rest.strip().split("\\s+");
      samples.add(new Sample(Map.copyOf(labels), Double.parseDouble(parts[0])));
    }
    return samples;
  }

  /** The sum of the metric's samples per value of {@code label} (samples without it skipped). */
  static Map<String, Double> sumBy(String text, String name, String label) {
    Map<String, Double> sums = new java.util.TreeMap<>();
    for (Sample s : samples(text, name)) {
      String key = s.labels().get(label);
      if (key != null) {
        sums.merge(key, s.value(), Double::sum);
      }
    }
    return sums;
  }

  private static int labelsEnd(String rest) {
    boolean quoted = false;
    for (int i = 1; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unterminated labels: " + rest);
  }

  private static void parseLabels(String body, Map<String, String> labels) {
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      if (eq < 0) {
        return;
      }
      String key = body.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      for (; j < body.length() && body.charAt(j) != '"'; j++) {
        char c = body.charAt(j);
        if (c == '\\' && j + 1 < body.length()) {
          char next = body.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      labels.put(key, value.toString());
      i = j + 1;
      while (i < body.length() && (body.charAt(i) == ',' || body.charAt(i) == ' ')) {
        i++;
      }
    }
  }
}

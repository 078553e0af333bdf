package io.chatcqrs.reliability.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * "Flat over time" made testable: the median of the last quarter of a series may exceed the median
 * of its first quarter by at most {@code factor} times plus an absolute {@code slack} (the slack
 * keeps near-zero series, like a caught-up consumer lag, from failing on noise).
 */
public final class Flatness {
  private Flatness() {}

  /**
   * The verdict on one series.
   *
   * @param firstQuarterMedian median of the first quarter of the samples
   * @param lastQuarterMedian median of the last quarter
   * @param flat whether {@code last <= first * factor + slack}
   */
  public record Verdict(
      String name, double firstQuarterMedian, double lastQuarterMedian, boolean flat) {
    @Override
    public String toString() {
      return String.format(
          "%s: first-quarter median %.1f, last-quarter median %.1f -> %s",
          name, firstQuarterMedian, lastQuarterMedian, flat ? "flat" : "GROWING");
    }
  }

  /** Judges {@code values} (in time order, at least 4). */
  public static Verdict judge(String name, List<Double> values, double factor, double slack) {
    if (values.size() < 4) {
      throw new IllegalArgumentException(name + ": need at least 4 samples, got " + values.size());
    }
    int quarter = values.size() / 4;
    double first = median(values.subList(0, quarter));
    double last = median(values.subList(values.size() - quarter, values.size()));
    return new Verdict(name, first, last, last <= first * factor + slack);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

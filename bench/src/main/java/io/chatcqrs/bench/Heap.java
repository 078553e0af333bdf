package io.chatcqrs.bench;

import io.vertx.ext.web.client.WebClient;

/** Reads the query-api JVM's used heap from its Prometheus endpoint. */
final class Heap {
  private Heap() {}

  static long usedBytes(WebClient client, Target target) {
    String metrics = client.getAbs(target.queryUrl() + "/metrics").send().await().bodyAsString();
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  static String describe(long before, long after) {
    return String.format(
        java.util.Locale.ROOT,
        "%.0f MiB before, %.0f MiB after",
        before / 1048576.0,
        after / 1048576.0);
  }
}

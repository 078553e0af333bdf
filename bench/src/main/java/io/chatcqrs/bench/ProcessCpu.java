package io.chatcqrs.bench;

import java.util.List;

/**
 * CPU time of a process, read from its Prometheus endpoint (Micrometer's {@code
 * process_cpu_time_ns_total}, or {@code process_cpu_seconds_total}) or from {@code
 * /proc/<pid>/stat}, and the CPU per message of a phase with the process's idle burn (Kafka clients
 * polling, timers) measured just before it subtracted.
 */
final class ProcessCpu {
  /** Clock ticks per second of /proc's utime and stime: {@code getconf CLK_TCK}, 100 on Linux. */
  static final double CLOCK_TICKS = 100;

  private ProcessCpu() {}

  /**
   * The process CPU seconds in a {@code /metrics} text; throws, naming the metrics looked for, when
   * none is there.
   */
  static double secondsFromMetrics(String metrics, String url) {
    List<PrometheusText.Sample> ns = PrometheusText.samples(metrics, "process_cpu_time_ns_total");
    if (!ns.isEmpty()) {
      return ns.stream().mapToDouble(PrometheusText.Sample::value).max().orElseThrow() / 1e9;
    }
    List<PrometheusText.Sample> s = PrometheusText.samples(metrics, "process_cpu_seconds_total");
    if (!s.isEmpty()) {
      return s.stream().mapToDouble(PrometheusText.Sample::value).max().orElseThrow();
    }
    throw new IllegalStateException(
        url
            + " exposes neither process_cpu_time_ns_total nor process_cpu_seconds_total: pass"
            + " --services-pid=<pid of the services JVM> to read /proc/<pid>/stat instead");
  }

  /**
   * The CPU seconds (user + system) in a {@code /proc/<pid>/stat} line. The command name (field 2)
   * is in parentheses and may hold spaces and parentheses itself, so fields are counted from the
   * last ')'.
   */
  static double secondsFromProcStat(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // after[0] is field 3 (state): utime is field 14, stime field 15
    long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]);
    return ticks / CLOCK_TICKS;
  }

  /**
   * Milliseconds of CPU per message: the phase's CPU seconds minus the idle rate (CPU seconds per
   * second, measured before) times the phase's length, over the messages; never below 0.
   */
  static double millisPerMessage(
      double cpuBefore, double cpuAfter, double phaseSeconds, double idleRate, long messages) {
    if (messages <= 0) {
      throw new IllegalArgumentException("no messages");
    }
    double net = (cpuAfter - cpuBefore) - idleRate * phaseSeconds;
    return Math.max(0, net) * 1000 / messages;
  }
}

package io.chatcqrs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** CPU per message: reading process CPU time and charging a phase's CPU to its messages. */
class ProcessCpuTest {

  @Test
  void reads_micrometers_cpu_time_in_nanoseconds_or_the_prometheus_seconds_counter() {
    assertThat(
            ProcessCpu.secondsFromMetrics(
                "# TYPE process_cpu_time_ns_total counter\nprocess_cpu_time_ns_total 1.25E10\n",
                "u"))
        .isEqualTo(12.5);
    assertThat(ProcessCpu.secondsFromMetrics("process_cpu_seconds_total 3.5\n", "u"))
        .isEqualTo(3.5);
  }

  @Test
  void says_what_is_missing_when_no_cpu_metric_is_exposed() {
    assertThatThrownBy(
            () -> ProcessCpu.secondsFromMetrics("process_cpu_usage 0.3\n", "http://x/metrics"))
        .hasMessageContaining("http://x/metrics")
        .hasMessageContaining("process_cpu_time_ns_total")
        .hasMessageContaining("--services-pid");
  }

  @Test
  void reads_user_plus_system_ticks_of_proc_stat_even_with_spaces_and_parentheses_in_the_name() {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime ...
    String stat = "4242 (java (chat) x) S 1 4242 4242 0 -1 4194560 900 0 3 0 1234 566 7 8 20 0 90";
    assertThat(ProcessCpu.secondsFromProcStat(stat)).isEqualTo((1234 + 566) / 100.0);
  }

  @Test
  void a_phases_cpu_minus_the_idle_burn_over_its_length_divided_by_its_messages() {
    // 12 s of CPU over a 10 s phase, idling at 0.2 CPU-s/s: 10 s for 1,000 messages = 10 ms each
    assertThat(ProcessCpu.millisPerMessage(100, 112, 10, 0.2, 1_000)).isCloseTo(10.0, within(1e-9));
    // without idle burn all of it counts
    assertThat(ProcessCpu.millisPerMessage(100, 112, 10, 0, 1_000)).isCloseTo(12.0, within(1e-9));
    // noise larger than the work: never negative
    assertThat(ProcessCpu.millisPerMessage(100, 100.5, 10, 0.2, 10)).isZero();
  }

  @Test
  void the_phases_cql_writes_are_the_counter_deltas_per_table() {
    assertThat(
            GroupSizeScenario.delta(
                java.util.Map.of("chats", 10.0, "inbox", 4.0),
                java.util.Map.of("chats", 210.0, "inbox", 4.0, "large_rooms_by_user", 5.0)))
        .containsExactly(
            java.util.Map.entry("chats", 200.0),
            java.util.Map.entry("inbox", 0.0),
            java.util.Map.entry("large_rooms_by_user", 5.0));
  }
}

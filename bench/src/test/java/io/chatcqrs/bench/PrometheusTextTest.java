package io.chatcqrs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String METRICS =
      """
      # HELP chat_projection_cql_writes_total CQL writes per table
      # TYPE chat_projection_cql_writes_total counter
      chat_projection_cql_writes_total{service="projection-workers",table="messages_by_chat"} 120.0
      chat_projection_cql_writes_total{table="rooms_by_user",service="projection-workers"} 2.5E3
      chat_projection_cql_writes_total{service="other",table="rooms_by_user"} 500
      chat_projection_cql_writes_total_created{table="rooms_by_user"} 1.7E9
      chat_projection_cql_writes_totalx 9
      other_metric{table="messages_by_chat"} 7
      weird{label="a \\"quoted\\", } value",table="t"} 3
      process_cpu_time_ns_total 4.2E9
      """;

  @Test
  void sums_a_counter_per_label_value_over_its_other_labels() {
    assertThat(PrometheusText.sumBy(METRICS, "chat_projection_cql_writes_total", "table"))
        .isEqualTo(Map.of("messages_by_chat", 120.0, "rooms_by_user", 3000.0));
  }

  @Test
  void reads_quoted_label_values_with_escapes_and_commas() {
    var samples = PrometheusText.samples(METRICS, "weird");
    assertThat(samples).hasSize(1);
    assertThat(samples.get(0).labels())
        .containsEntry("label", "a \"quoted\", } value")
        .containsEntry("table", "t");
    assertThat(samples.get(0).value()).isEqualTo(3.0);
  }

  @Test
  void reads_a_sample_without_labels_and_nothing_for_an_absent_metric() {
    assertThat(PrometheusText.samples(METRICS, "process_cpu_time_ns_total"))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(4.2e9));
    assertThat(PrometheusText.sumBy(METRICS, "absent_total", "table")).isEmpty();
  }
}

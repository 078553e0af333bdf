package io.chatcqrs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatcqrs.events.topics.ChatTopics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class GroupSizeReportTest {
  private static final ChatTopics TOPICS = ChatTopics.standard();

  private static GroupSizeResult result(int members, long userEventBytes, boolean groupTopic) {
    TopicTraffic traffic = new TopicTraffic();
    traffic.add(TOPICS.chatEvents(), 100, 30_000);
    traffic.add(TOPICS.userEvents(), 100L * members, userEventBytes);
    if (groupTopic) {
      traffic.add(TOPICS.groupEvents(), 100, 20_000);
    }
    Histogram latency = new Histogram(3);
    latency.recordValue(150_000);
    latency.recordValue(250_000);
    return new GroupSizeResult(
        members, 100, traffic, Map.of("chats", 100.0, "inbox", 100.0 * members), 0.5, latency, 1);
  }

  private static final List<GroupSizeResult> RESULTS =
      List.of(
          result(2, 40_000, false), result(100, 2_000_000, false), result(10_000, 20_000, true));

  @Test
  void one_column_per_group_size_and_per_message_figures() {
    String md = new GroupSizeReport(RESULTS, "chat-projection").markdown();
    assertThat(md)
        .contains("| measure | 2 members | 100 members | 10,000 members |")
        // 30,000 + 40,000 bytes over 100 messages
        .contains("| bytes per message, all topics | 700 | 20,300 | 700 |")
        .contains("| CQL writes per message | 3.00 | 101.00 | 10,001.00 |")
        .contains("| not visible within the bound | 1 | 1 | 1 |")
        .contains("| messages measured (cost / latency) | 100 / 3 | 100 / 3 | 100 / 3 |")
        // the group topic exists only in the last run: absent elsewhere, not a made-up 0
        .contains("| `chat.group-events.v1` | absent | absent | 200 |")
        .contains("| `inbox` | 2.00 | 100.00 | 10,000.00 |");
  }

  @Test
  void the_figure_is_well_formed_svg_with_group_sizes_on_a_log_x_axis() throws Exception {
    String svg = new GroupSizeReport(RESULTS, "chat-projection").svg(TOPICS);
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("svg");
    // four figures: bytes, CQL writes, CPU, latency
    assertThat(root.getElementsByTagName("g").getLength()).isEqualTo(4);
    NodeList lines = root.getElementsByTagName("polyline");
    // the first line is "all topics": 2, 100 and 10,000 members equally spaced in log10 (0.3, 2, 4)
    String[] points = ((Element) lines.item(0)).getAttribute("points").split(" ");
    assertThat(points).hasSize(3);
    double x2 = Double.parseDouble(points[0].split(",")[0]);
    double x100 = Double.parseDouble(points[1].split(",")[0]);
    double x10000 = Double.parseDouble(points[2].split(",")[0]);
    assertThat((x10000 - x100) / (x100 - x2))
        .isCloseTo(2 / (2 - Math.log10(2)), org.assertj.core.data.Offset.offset(0.01));
    // the group topic line has only the one positive point and draws no segment for the zeros
    assertThat(svg).contains("chat.group-events: 200 at 10,000 members");
    assertThat(svg).doesNotContain("chat.group-events: 0");
  }
}

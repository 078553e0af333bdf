package io.chatcqrs.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the system has no backlog: every consumer group on the cluster (the projection's
 * Kafka Streams application and its sink) has committed up to the end of what it reads. Each
 * measurement starts from a quiet system, so one path is not measured while the machine still
 * projects the previous path's (or the setup's) events.
 *
 * <p>Exactly-once producers end each transaction with a commit marker, which takes an offset the
 * consumers never see as a record: a lag of at most one per partition that does not move between
 * two looks counts as settled.
 */
final class Settle implements AutoCloseable {
  private final Admin admin;
  private final Duration atMost;

  Settle(String kafka, Duration atMost) {
    this.admin = Admin.create(Map.of("bootstrap.servers", kafka));
    this.atMost = atMost;
  }

  /** Blocks until settled or {@code atMost} passed (then says so and goes on). */
  void await(String before) throws Exception {
    await(before, Duration.ofSeconds(1));
  }

  /** As {@link #await(String)}, looking every {@code poll}. */
  void await(String before, Duration poll) throws Exception {
    long start = System.nanoTime();
    long deadline = start + atMost.toNanos();
    Map<TopicPartition, Long> previous = Map.of();
    while (true) {
      Map<TopicPartition, Long> lag = lag();
      long total = lag.values().stream().mapToLong(Long::longValue).sum();
      boolean onlyMarkers = lag.values().stream().allMatch(l -> l <= 1);
      if (total == 0 || (onlyMarkers && lag.equals(previous))) {
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        if (tookMs > 1000) {
          System.out.printf("%n  settled before %s in %.1f s%n", before, tookMs / 1000.0);
        }
        return;
      }
      if (System.nanoTime() > deadline) {
        System.out.printf("%n  NOT settled before %s after %s: lag %d%n", before, atMost, total);
        return;
      }
      System.out.printf("\r  waiting for the projections before %s: lag %d   ", before, total);
      previous = lag;
      Thread.sleep(poll.toMillis());
    }
  }

  /**
   * Per group and partition, end offset minus committed offset: three admin calls (the groups, all
   * their committed offsets, the end offsets of every partition they read) whatever the number of
   * groups.
   */
  private Map<TopicPartition, Long> lag() throws Exception {
    Map<String, ListConsumerGroupOffsetsSpec> groups =
        admin.listConsumerGroups(new ListConsumerGroupsOptions()).all().get().stream()
            .collect(
                Collectors.toMap(
                    ConsumerGroupListing::groupId, g -> new ListConsumerGroupOffsetsSpec()));
    if (groups.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        admin.listConsumerGroupOffsets(groups).all().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    committed
        .values()
        .forEach(offsets -> offsets.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest())));
    var ends =
        latest.isEmpty()
            ? Map.<TopicPartition, ListOffsetsResultInfo>of()
            : admin.listOffsets(latest).all().get();
    Map<TopicPartition, Long> lag = new HashMap<>();
    committed.forEach(
        (group, offsets) ->
            offsets.forEach(
                (tp, offset) -> {
                  if (offset != null) {
                    long behind = ends.get(tp).offset() - offset.offset();
                    lag.put(
                        new TopicPartition(group + "/" + tp.topic(), tp.partition()),
                        Math.max(0, behind));
                  }
                }));
    return lag;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}

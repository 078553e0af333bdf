package io.chatcqrs.infra.provision;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Provisioning was asked for another partition count than a keyed topic has (a {@code FIXED} topic
 * of {@code ChatTopics}). Thrown before anything was created or changed. The message names every
 * such topic with its current and wanted count and the migration procedure to follow instead.
 */
public final class PartitionCountChangeRefused extends ProvisioningException {

  private static final long serialVersionUID = 1L;

  /** Where the docs give the migration procedure. */
  public static final String PROCEDURE = "docs/operations.md#changing-partition-counts";

  /** One keyed topic whose partition count differs from the wanted one. */
  public record Mismatch(String topic, int current, int wanted) {}

  private final transient List<Mismatch> mismatches;

  public PartitionCountChangeRefused(List<Mismatch> mismatches) {
    super(message(mismatches));
    this.mismatches = List.copyOf(mismatches);
  }

  /** The refused topics. */
  public List<Mismatch> mismatches() {
    return mismatches;
  }

  private static String message(List<Mismatch> mismatches) {
    return "refusing to change the partition count of keyed topics: "
        + mismatches.stream()
            .map(
                m ->
                    "topic "
                        + m.topic()
                        + " has "
                        + m.current()
                        + " partitions, "
                        + m.wanted()
                        + " wanted")
            .collect(Collectors.joining("; "))
        + ". A keyed topic's partition count never changes under a running system (its keys"
        + " would move to other partitions, away from their state and order). Nothing was"
        + " changed. Provision with the existing count, or move to new topics with the new count"
        + " as "
        + PROCEDURE
        + " describes.";
  }
}

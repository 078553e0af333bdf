package io.chatcqrs.infra.provision;

import io.chatcqrs.events.topics.TopicSpec;
import io.chatcqrs.events.topics.TopicSpec.Partitioning;
import io.chatcqrs.infra.provision.PartitionCountChangeRefused.Mismatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker's topics match their declarative definitions, idempotently: creates the missing
 * ones, sets configs that differ (incremental alter, only the keys we own), and adds partitions to
 * {@link Partitioning#GROWABLE} topics where there are fewer than declared. It never deletes a
 * topic, removes a config or decreases a partition count (that is logged as a warning).
 *
 * <p>The partition count of a {@link Partitioning#FIXED} (keyed) topic never changes: if an
 * existing one has another count than declared, {@link #apply} throws {@link
 * PartitionCountChangeRefused} before it has created or changed anything. When {@link #apply}
 * returns, every created topic can be described and used. A second run reports no change.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_S = 30;

  private final Admin admin;
  private final TopicDefaults defaults;

  public TopicProvisioner(Admin admin, TopicDefaults defaults) {
    this.admin = admin;
    this.defaults = defaults;
  }

  /** What a run did, by topic name. Empty lists everywhere mean nothing changed. */
  public record Report(
      List<String> created,
      List<String> reconfigured,
      List<String> partitionsIncreased,
      List<String> warnings) {

    public boolean changedNothing() {
      return created.isEmpty() && reconfigured.isEmpty() && partitionsIncreased.isEmpty();
    }
  }

  /** The configs a topic gets: the spec's plus {@code min.insync.replicas}. */
  public Map<String, String> desiredConfigs(TopicSpec spec) {
    Map<String, String> configs = new HashMap<>(spec.configs());
    configs.put("min.insync.replicas", Integer.toString(defaults.minInsyncReplicas()));
    return configs;
  }

  public Report apply(Collection<TopicSpec> specs) {
    List<String> created = new ArrayList<>();
    List<String> reconfigured = new ArrayList<>();
    List<String> increased = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
      refuseFixedCountChanges(
          specs.stream().filter(spec -> existing.contains(spec.name())).toList());
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          if (create(spec)) {
            created.add(spec.name());
            continue;
          }
          awaitVisible(List.of(spec.name())); // created meanwhile by someone else
          refuseFixedCountChanges(List.of(spec));
        }
        if (alterConfigs(spec)) {
          reconfigured.add(spec.name());
        }
        if (spec.partitioning() == Partitioning.FIXED) {
          continue; // its count was checked above and is never changed here
        }
        int actual = partitionCounts(List.of(spec)).get(spec.name());
        if (actual < spec.partitions()) {
          admin
              .createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions())))
              .all()
              .get(TIMEOUT_S, TimeUnit.SECONDS);
          increased.add(spec.name());
          LOG.info("topic {}: partitions {} -> {}", spec.name(), actual, spec.partitions());
        } else if (actual > spec.partitions()) {
          String warning =
              "topic "
                  + spec.name()
                  + " has "
                  + actual
                  + " partitions, more than the "
                  + spec.partitions()
                  + " declared: partitions are never decreased";
          LOG.warn(warning);
          warnings.add(warning);
        }
      }
      awaitVisible(created);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException("interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProvisioningException("provisioning topics failed: " + e.getMessage(), e);
    }
    return new Report(
        List.copyOf(created), List.copyOf(reconfigured), List.copyOf(increased), warnings);
  }

  /**
   * Throws {@link PartitionCountChangeRefused} naming every {@link Partitioning#FIXED} topic of
   * {@code specs} (all existing) whose partition count differs from the declared one.
   */
  private void refuseFixedCountChanges(List<TopicSpec> specs)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<TopicSpec> fixed =
        specs.stream().filter(spec -> spec.partitioning() == Partitioning.FIXED).toList();
    if (fixed.isEmpty()) {
      return;
    }
    Map<String, Integer> counts = partitionCounts(fixed);
    List<Mismatch> mismatches = new ArrayList<>();
    for (TopicSpec spec : fixed) {
      int actual = counts.get(spec.name());
      if (actual != spec.partitions()) {
        mismatches.add(new Mismatch(spec.name(), actual, spec.partitions()));
      }
    }
    if (!mismatches.isEmpty()) {
      throw new PartitionCountChangeRefused(mismatches);
    }
  }

  private Map<String, Integer> partitionCounts(List<TopicSpec> specs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> descriptions =
        admin
            .describeTopics(specs.stream().map(TopicSpec::name).toList())
            .allTopicNames()
            .get(TIMEOUT_S, TimeUnit.SECONDS);
    Map<String, Integer> counts = new HashMap<>();
    descriptions.forEach((name, d) -> counts.put(name, d.partitions().size()));
    return counts;
  }

  /**
   * A created topic is committed by the controller before every broker's metadata knows it: wait
   * until describing it works, so that callers can use the topics at once.
   */
  private void awaitVisible(List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<ConfigResource> resources =
        topics.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (true) {
      try {
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private boolean create(TopicSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    NewTopic topic =
        new NewTopic(spec.name(), spec.partitions(), defaults.replicationFactor())
            .configs(desiredConfigs(spec));
    try {
      admin.createTopics(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
      LOG.info("topic {}: created with {} partitions", spec.name(), spec.partitions());
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false; // created concurrently by another provisioner: reconcile it instead
      }
      throw e;
    }
  }

  private boolean alterConfigs(TopicSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
    Config current =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(TIMEOUT_S, TimeUnit.SECONDS)
            .get(resource);
    List<AlterConfigOp> ops = new ArrayList<>();
    desiredConfigs(spec)
        .forEach(
            (key, value) -> {
              ConfigEntry entry = current.get(key);
              if (entry == null || !value.equals(entry.value())) {
                ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
              }
            });
    if (ops.isEmpty()) {
      return false;
    }
    admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    LOG.info("topic {}: configs set {}", spec.name(), ops);
    return true;
  }
}

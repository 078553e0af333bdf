package io.chatcqrs.reliability.check;

import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chatcqrs.platform.position.Position;
import io.chatcqrs.projection.testkit.ReadModelCheck;
import io.chatcqrs.projection.testkit.ReferenceModel;
import io.chatcqrs.reliability.load.ApiClient;
import io.chatcqrs.reliability.load.LedgerEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the reference model from {@code chat.events.v1} and compares it with the Cassandra read
 * models and with what the query API answers (each user's room list: order, unread counts, total
 * unread); waits, with a bound, until they agree.
 */
public final class SystemCheck {
  private final String bootstrap;
  private final String topic;
  private final String sequencedTopic;
  private final ReadModelCheck store;
  private final ApiClient api;
  private final int maxGroupMembers;
  private final int fanOutReadThreshold;
  private volatile State last;

  /**
   * A check of one isolated system.
   *
   * @param topic its chat.events.v1
   * @param sequencedTopic its chat.sequenced.v1 (the verdicts)
   * @param maxGroupMembers the services' {@code chat.max-group-members}
   * @param fanOutReadThreshold the projection's {@code chat.fanout-read-threshold}, so that the
   *     reference knows which rooms live in {@code large_rooms_by_user}
   */
  public SystemCheck(
      String bootstrap,
      String topic,
      String sequencedTopic,
      CqlSession session,
      String keyspace,
      ApiClient api,
      int maxGroupMembers,
      int fanOutReadThreshold) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.sequencedTopic = sequencedTopic;
    this.store = new ReadModelCheck(session, keyspace);
    this.api = api;
    this.maxGroupMembers = maxGroupMembers;
    this.fanOutReadThreshold = fanOutReadThreshold;
  }

  /** A snapshot of the topic, the reference rebuilt from it and the differences found. */
  public record State(TopicSnapshot topic, ReferenceModel reference, List<String> differences) {}

  /** Compares once. */
  public State compare(Collection<String> users) {
    TopicSnapshot snapshot = TopicSnapshot.read(bootstrap, topic);
    ReferenceModel reference = new ReferenceModel(maxGroupMembers, fanOutReadThreshold);
    snapshot.events().forEach(e -> reference.apply(e.event()));
    List<String> diffs = new ArrayList<>(store.differences(reference, users));
    if (diffs.isEmpty()) {
      diffs.addAll(apiDifferences(reference, users));
    }
    State state = new State(snapshot, reference, diffs);
    last = state;
    return state;
  }

  /**
   * Waits until read models and the API agree with the topic; returns how long it took.
   *
   * @throws org.awaitility.core.ConditionTimeoutException with the last differences
   */
  public Duration awaitConverged(Collection<String> users, Duration atMost) {
    long start = System.nanoTime();
    await("read models equal the reference rebuilt from the topic")
        .atMost(atMost)
        .pollInterval(Duration.ofSeconds(2))
        .pollDelay(Duration.ZERO)
        .conditionEvaluationListener(
            c -> {
              if (!c.isSatisfied() && last != null && !last.differences().isEmpty()) {
                System.out.println(
                    "[check] "
                        + last.differences().size()
                        + " differences, e.g. "
                        + last.differences().get(0));
              }
            })
        .ignoreExceptions()
        .until(() -> compare(users).differences().isEmpty());
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** chat.events.v1 as it is now. */
  public TopicSnapshot snapshot() {
    return TopicSnapshot.read(bootstrap, topic);
  }

  /**
   * Reads the verdicts until every acknowledged command of {@code commands} has one, or {@code
   * atMost} passed; returns the last read either way (the ledger check names what is missing).
   */
  public Verdicts awaitVerdicts(Collection<LedgerEntry> commands, Duration atMost) {
    List<Position> wanted = new ArrayList<>();
    for (LedgerEntry e : commands) {
      if (e.acknowledged() && e.position() != null) {
        try {
          wanted.add(Position.decode(e.position()));
        } catch (IllegalArgumentException undecodable) {
          // the ledger check reports it
        }
      }
    }
    Verdicts[] last = {Verdicts.read(bootstrap, sequencedTopic)};
    try {
      await(
              "a verdict on chat.sequenced.v1 for each of "
                  + wanted.size()
                  + " acknowledged commands")
          .atMost(atMost)
          .pollInterval(Duration.ofSeconds(2))
          .pollDelay(Duration.ZERO)
          .until(
              () -> {
                if (wanted.stream()
                    .allMatch(p -> last[0].of(p.partition(), p.offset()).isPresent())) {
                  return true;
                }
                last[0] = Verdicts.read(bootstrap, sequencedTopic);
                return false;
              });
    } catch (org.awaitility.core.ConditionTimeoutException timeout) {
      // judged by the ledger check, which lists every acknowledged command without a verdict
    }
    return last[0];
  }

  /** The last comparison made. */
  public State last() {
    return last;
  }

  public ReadModelCheck store() {
    return store;
  }

  private List<String> apiDifferences(ReferenceModel reference, Collection<String> users) {
    List<String> diffs = new ArrayList<>();
    Map<String, Map<String, ReferenceModel.Member>> rooms = reference.roomsByUser();
    for (String user : users) {
      ApiClient.Reply reply = api.query("/v1/me/rooms?limit=100", user, Map.of()).join();
      if (reply.status() != 200 || "true".equals(reply.headers().get("x-chat-stale"))) {
        diffs.add("room list of " + user + ": " + reply.status() + " " + reply.headers());
        continue;
      }
      JsonObject body = reply.json();
      List<String> actual = new ArrayList<>();
      JsonArray list = body.getJsonArray("rooms", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        JsonObject room = list.getJsonObject(i);
        actual.add(room.getString("chat_id") + "#" + room.getLong("unread_count"));
      }
      Map<String, ReferenceModel.Member> mine = rooms.getOrDefault(user, Map.of());
      List<String> expected =
          mine.entrySet().stream()
              .sorted(
                  Comparator.comparing(
                          (Map.Entry<String, ReferenceModel.Member> e) -> e.getValue().activity)
                      .thenComparing(Map.Entry::getKey)
                      .reversed())
              .limit(100)
              .map(
                  e ->
                      e.getKey()
                          + "#"
                          + (reference.chats.get(e.getKey()).lastSeq - e.getValue().lastRead))
              .toList();
      if (!expected.equals(actual)) {
        diffs.add("API room list of " + user + ": expected " + expected + " but was " + actual);
      }
      long total = body.getLong("total_unread", -1L);
      if (total != reference.totalUnread(user)) {
        diffs.add(
            "API total_unread of "
                + user
                + ": expected "
                + reference.totalUnread(user)
                + " was "
                + total);
      }
    }
    return diffs;
  }
}

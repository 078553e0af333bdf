package io.chatcqrs.reliability.load;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The users and chats the load driver works on, and what it believes about them from the answers it
 * got (members, messages it may edit or delete). Created through the public API: one direct chat
 * per pair of neighbouring users and groups of the given sizes (five by default), so that a suite
 * can have groups on both sides of the projection's fan-out threshold.
 */
public final class Workload {
  private final List<String> users;
  private final List<ChatState> chats = new CopyOnWriteArrayList<>();

  private Workload(List<String> users) {
    this.users = List.copyOf(users);
  }

  /**
   * A chat as the driver believes it is. The belief never holds more than the truth: a member is
   * added only once their join was acknowledged and removed as soon as their leave is decided, so
   * the driver never issues a command the per-chat stage would reject (see {@link LoadDriver}).
   */
  public static final class ChatState {
    final String id;
    final boolean group;
    final Set<String> members = ConcurrentHashMap.newKeySet();
    final List<Sent> messages = new CopyOnWriteArrayList<>();
    private final Map<String, Sent> messagesById = new ConcurrentHashMap<>();

    /** Members whose leave is waiting for their commands in flight, or in flight itself. */
    final Set<String> leaving = ConcurrentHashMap.newKeySet();

    /** Per user, their commands in flight on this chat (a leave waits for them). */
    final Map<String, Set<java.util.concurrent.CompletableFuture<?>>> inFlight =
        new ConcurrentHashMap<>();

    ChatState(String id, boolean group, List<String> members) {
      this.id = id;
      this.group = group;
      this.members.addAll(members);
    }

    public String id() {
      return id;
    }

    /** The members the driver believes the chat has (a copy). */
    public Set<String> members() {
      return Set.copyOf(members);
    }

    /** Records an acknowledged message once, whatever the number of acknowledged retries. */
    void acknowledged(String messageId, String sender) {
      Sent sent = new Sent(messageId, sender);
      if (messagesById.putIfAbsent(messageId, sent) == null) {
        messages.add(sent);
      }
    }
  }

  /**
   * An acknowledged message the driver may edit or delete as its sender. A delete is decided only
   * when no edit of it is in flight, and after it nothing edits or deletes the message again, so an
   * edit never lands after the delete (which the per-chat stage would reject).
   */
  static final class Sent {
    final String messageId;
    final String sender;
    final java.util.concurrent.atomic.AtomicInteger editsInFlight =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean deleting;

    Sent(String messageId, String sender) {
      this.messageId = messageId;
      this.sender = sender;
    }
  }

  /**
   * Creates {@code userCount} users' chats through {@code api} (every creation must be
   * acknowledged, retried for up to a minute) and waits until each is readable on the query side.
   */
  public static Workload create(
      ApiClient api, Ledger ledger, String userPrefix, int userCount, int groupCount, long seed) {
    return create(api, ledger, userPrefix, userCount, groupCount, List.of(5), seed);
  }

  /**
   * As {@link #create(ApiClient, Ledger, String, int, int, long)} with group {@code g} of {@code
   * groupSizes.get(g % groupSizes.size())} members, the creator included.
   */
  public static Workload create(
      ApiClient api,
      Ledger ledger,
      String userPrefix,
      int userCount,
      int groupCount,
      List<Integer> groupSizes,
      long seed) {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < userCount; i++) {
      users.add(String.format("%s%03d", userPrefix, i));
    }
    Workload workload = new Workload(users);
    Random random = new Random(seed);
    for (int i = 0; i + 1 < userCount; i += 2) {
      workload.create(api, ledger, false, List.of(users.get(i), users.get(i + 1)), null);
    }
    for (int g = 0; g < groupCount; g++) {
      int size = groupSizes.get(g % groupSizes.size());
      if (size < 2 || size > userCount) {
        throw new IllegalArgumentException("group size " + size + " with " + userCount + " users");
      }
      List<String> members = new ArrayList<>();
      while (members.size() < size) {
        String u = users.get(random.nextInt(userCount));
        if (!members.contains(u)) {
          members.add(u);
        }
      }
      workload.create(api, ledger, true, members, "group " + g);
    }
    for (ChatState chat : workload.chats) {
      String viewer = chat.members.iterator().next();
      await("chat " + chat.id + " visible")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> api.query("/v1/chats/" + chat.id, viewer, Map.of()).join().status() == 200);
    }
    return workload;
  }

  private void create(
      ApiClient api, Ledger ledger, boolean group, List<String> members, String title) {
    String creator = members.get(0);
    JsonObject body =
        new JsonObject()
            .put("type", group ? "group" : "direct")
            .put("members", new JsonArray(List.copyOf(members.subList(1, members.size()))));
    if (title != null) {
      body.put("title", title);
    }
    ApiClient.Reply[] reply = new ApiClient.Reply[1];
    await("create chat for " + members)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Instant at = Instant.now();
              reply[0] = api.command("POST", "/v1/chats", creator, body).join();
              ledger.record(
                  new LedgerEntry(
                      "create",
                      creator,
                      reply[0].json().getString("chat_id"),
                      null,
                      null,
                      null,
                      at,
                      reply[0].status(),
                      reply[0].millis(),
                      reply[0].json().getString("position")));
              return reply[0].ok();
            });
    chats.add(new ChatState(reply[0].json().getString("chat_id"), group, members));
  }

  public List<String> users() {
    return users;
  }

  /** The chat with that id; throws if the workload has none. */
  public ChatState chat(String id) {
    return chats.stream()
        .filter(c -> c.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no chat " + id));
  }

  public List<ChatState> chats() {
    return List.copyOf(chats);
  }
}

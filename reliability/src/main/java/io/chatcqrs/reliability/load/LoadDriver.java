package io.chatcqrs.reliability.load;

import io.chatcqrs.events.ChatId;
import io.chatcqrs.events.ClientMsgId;
import io.chatcqrs.events.MessageId;
import io.chatcqrs.events.UserId;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady, open-loop load through the public API: at a fixed rate, a seeded mix of sends (55%),
 * edits (10%), deletes (4%), read markers (15%), joins and leaves in groups (2% each) and queries
 * (12%: room list, chat, history), over the {@link Workload}'s chats. Every command and its answer
 * goes to the {@link Ledger}. At most {@value #MAX_IN_FLIGHT} requests are in flight; ticks beyond
 * that are counted as {@link #skipped()} rather than queued, so a stalled service does not build an
 * unbounded backlog in the driver.
 *
 * <p>The load is valid by construction, so that every acknowledged command must take effect (the
 * ledger fails on an acknowledged command the per-chat stage rejects): commands come only from
 * members the driver believes in (never more than the real ones); a leave first takes the member
 * out of that belief, then waits for the member's commands in flight on that chat before it is
 * sent, so no command of theirs races their own removal; nobody is added while their leave is
 * pending; only messages of current members are edited or deleted, by their sender, and a message
 * with a delete decided is never edited or deleted again (see {@link Workload.Sent}). Two races
 * remain and are harmless: commands on one message or chat from different users interleave in any
 * order (all valid), and a join of someone already a member is a duplicate (no effect needed).
 */
public final class LoadDriver implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 256;

  private final ApiClient api;
  private final Ledger ledger;
  private final Workload workload;
  private final Random random;
  private final String runTag;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong counter = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private ScheduledExecutorService ticker;
  private volatile double ratePerSecond;
  private double owed;

  /** A driver; {@code runTag} makes its client_msg_ids unique across drivers of one workload. */
  public LoadDriver(ApiClient api, Ledger ledger, Workload workload, long seed, String runTag) {
    this.api = api;
    this.ledger = ledger;
    this.workload = workload;
    this.random = new Random(seed);
    this.runTag = runTag;
  }

  /** Starts issuing {@code ratePerSecond} requests per second. */
  public synchronized LoadDriver start(double ratePerSecond) {
    this.ratePerSecond = ratePerSecond;
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "load-driver"));
      ticker.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Stops issuing and waits (at most 20 s) for the answers still outstanding. */
  public synchronized void stop() throws InterruptedException {
    if (ticker != null) {
      ticker.shutdown();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      ticker = null;
    }
    if (inFlight.tryAcquire(MAX_IN_FLIGHT, 20, TimeUnit.SECONDS)) {
      inFlight.release(MAX_IN_FLIGHT);
    }
  }

  /** Ticks that found {@value #MAX_IN_FLIGHT} requests already in flight. */
  public long skipped() {
    return skipped.get();
  }

  private void tick() {
    try {
      owed += ratePerSecond / 50.0;
      while (owed >= 1) {
        owed -= 1;
        if (!inFlight.tryAcquire()) {
          skipped.incrementAndGet();
          continue;
        }
        one().whenComplete((ok, failure) -> inFlight.release());
      }
    } catch (RuntimeException e) {
      // keep ticking: one bad pick must not stop the load
      skipped.incrementAndGet();
    }
  }

  private CompletableFuture<?> one() {
    List<Workload.ChatState> chats = workload.chats();
    Workload.ChatState chat = chats.get(random.nextInt(chats.size()));
    List<String> members = new ArrayList<>(chat.members);
    if (members.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    String member = members.get(random.nextInt(members.size()));
    int dice = random.nextInt(100);
    if (dice < 55) {
      return send(chat, member, runTag + "-" + counter.incrementAndGet());
    }
    if (dice < 69 && !chat.messages.isEmpty()) {
      Workload.Sent target = chat.messages.get(random.nextInt(chat.messages.size()));
      if (!target.deleting && chat.members.contains(target.sender)) {
        if (dice < 65) {
          return edit(chat, target);
        }
        if (target.editsInFlight.get() == 0) {
          return delete(chat, target);
        }
      }
      return query(chat, member, dice);
    }
    if (dice < 84) {
      long seq = 1 + random.nextInt(chat.messages.size() + 3);
      return command(
          "read",
          chat,
          member,
          null,
          null,
          Long.toString(seq),
          "POST",
          "/read",
          new JsonObject().put("seq", seq),
          () -> {});
    }
    if (dice < 86 && chat.group) {
      String user = workload.users().get(random.nextInt(workload.users().size()));
      if (!chat.members.contains(user) && !chat.leaving.contains(user)) {
        return command(
            "join",
            chat,
            member,
            null,
            null,
            user,
            "POST",
            "/members",
            new JsonObject().put("user_id", user),
            () -> chat.members.add(user));
      }
    }
    if (dice < 88 && chat.group && chat.members.size() > 3) {
      chat.members.remove(member);
      chat.leaving.add(member);
      CompletableFuture<?>[] pending =
          chat.inFlight.getOrDefault(member, Set.of()).toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(pending)
          .handle((ok, failure) -> null)
          .thenCompose(
              settled ->
                  command(
                      "leave",
                      chat,
                      member,
                      null,
                      null,
                      member,
                      "DELETE",
                      "/members/" + member,
                      null,
                      () -> {}))
          .whenComplete((ok, failure) -> chat.leaving.remove(member));
    }
    return query(chat, member, dice);
  }

  /** Sends a message; also used to retry with the same {@code clientMsgId}. */
  public CompletableFuture<?> send(Workload.ChatState chat, String sender, String clientMsgId) {
    String messageId =
        MessageId.derive(ChatId.of(chat.id), UserId.of(sender), ClientMsgId.of(clientMsgId))
            .value();
    JsonObject body =
        new JsonObject()
            .put("client_msg_id", clientMsgId)
            .put("text", "msg " + clientMsgId + " from " + sender);
    return command(
        "send",
        chat,
        sender,
        messageId,
        clientMsgId,
        null,
        "POST",
        "/messages",
        body,
        () -> chat.acknowledged(messageId, sender));
  }

  private CompletableFuture<?> edit(Workload.ChatState chat, Workload.Sent target) {
    target.editsInFlight.incrementAndGet();
    return command(
            "edit",
            chat,
            target.sender,
            target.messageId,
            null,
            null,
            "PATCH",
            "/messages/" + target.messageId,
            new JsonObject().put("text", "edited " + counter.incrementAndGet()),
            () -> {})
        .whenComplete((ok, failure) -> target.editsInFlight.decrementAndGet());
  }

  private CompletableFuture<?> delete(Workload.ChatState chat, Workload.Sent target) {
    target.deleting = true;
    return command(
        "delete",
        chat,
        target.sender,
        target.messageId,
        null,
        null,
        "DELETE",
        "/messages/" + target.messageId,
        null,
        () -> {});
  }

  private CompletableFuture<?> command(
      String op,
      Workload.ChatState chat,
      String user,
      String messageId,
      String clientMsgId,
      String target,
      String method,
      String suffix,
      JsonObject body,
      Runnable onAck) {
    Instant at = Instant.now();
    CompletableFuture<Void> answered = new CompletableFuture<>();
    Set<CompletableFuture<?>> mine =
        chat.inFlight.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet());
    mine.add(answered);
    return api.command(method, "/v1/chats/" + chat.id + suffix, user, body)
        .thenAccept(
            reply -> {
              ledger.record(
                  new LedgerEntry(
                      op,
                      user,
                      chat.id,
                      messageId,
                      clientMsgId,
                      target,
                      at,
                      reply.status(),
                      reply.millis(),
                      reply.ok() ? reply.json().getString("position") : null));
              if (reply.ok()) {
                onAck.run();
              }
            })
        .whenComplete(
            (ok, failure) -> {
              mine.remove(answered);
              answered.complete(null);
            });
  }

  private CompletableFuture<?> query(Workload.ChatState chat, String member, int dice) {
    String path =
        switch (dice % 3) {
          case 0 -> "/v1/me/rooms?limit=20";
          case 1 -> "/v1/chats/" + chat.id;
          default -> "/v1/chats/" + chat.id + "/messages?limit=20";
        };
    Instant at = Instant.now();
    return api.query(path, member, Map.of())
        .thenAccept(
            reply ->
                ledger.record(
                    new ReadSample(
                        path,
                        at,
                        reply.status(),
                        reply.millis(),
                        "true".equals(reply.headers().get("x-chat-stale")))));
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}

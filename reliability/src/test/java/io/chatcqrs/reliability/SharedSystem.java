package io.chatcqrs.reliability;

import io.chatcqrs.infra.junit.ChatInfra;
import io.chatcqrs.reliability.check.SystemCheck;
import io.chatcqrs.reliability.load.ApiClient;
import io.chatcqrs.reliability.load.Ledger;
import io.chatcqrs.reliability.load.Workload;
import io.chatcqrs.reliability.process.ChatServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one chat system of this test JVM: its own topics and keyspace, the three services as child
 * JVMs, a workload of users and chats, the ledger and the checks. Started by the first test class
 * that needs it and shared by the others (starting it costs about a minute on two cores); the
 * services stop with the JVM (ChildJvm's shutdown hook), killed or frozen ones included.
 */
final class SharedSystem {
  static final Path DIR = Path.of("target", "reliability").toAbsolutePath();
  static final Path REPORT = DIR.resolve("report.md");
  static final boolean FULL = Boolean.getBoolean("reliability.full");
  private static SharedSystem instance;

  final ChatInfra infra;
  final ChatServices services;
  final ApiClient api;
  final Ledger ledger = new Ledger();
  final Workload workload;
  final SystemCheck check;

  /** A system of its own (not the shared one) under {@code dir}; close it when done. */
  SharedSystem(ChatInfra infra, Path dir) {
    this.infra = infra;
    long t0 = System.nanoTime();
    ChatInfra.Isolation isolation = infra.isolate();
    this.services = ChatServices.start(infra, isolation, 1, dir);
    this.api =
        new ApiClient(
            ChatServices.SECRET,
            services.commandApi().httpPort(),
            services.queryApi().httpPort(),
            Duration.ofSeconds(10));
    // groups of 5 (fan-out on write; a join may take one over the threshold: the switch) and of 12
    // (above ChatServices.FANOUT_READ_THRESHOLD: fan-out on read from their creation)
    this.workload = Workload.create(api, ledger, "u", 40, 8, List.of(5, 12), 7L);
    this.check =
        new SystemCheck(
            infra.bootstrapServers(),
            isolation.topics().chatEvents(),
            isolation.topics().chatSequenced(),
            infra.session(),
            isolation.keyspace(),
            api,
            ChatServices.MAX_GROUP_MEMBERS,
            ChatServices.FANOUT_READ_THRESHOLD);
    report(
        "system started (3 services + "
            + workload.chats().size()
            + " chats) in "
            + Duration.ofNanos(System.nanoTime() - t0).toSeconds()
            + " s");
  }

  static synchronized SharedSystem get(ChatInfra infra) {
    if (instance == null) {
      instance = new SharedSystem(infra, DIR);
    }
    return instance;
  }

  /** Stops the services (the shared one stops with the JVM). */
  void close() {
    services.close();
  }

  /** Appends a line to target/reliability/report.md and prints it. */
  static synchronized void report(String line) {
    System.out.println("[reliability] " + line);
    try {
      Files.createDirectories(DIR);
      Files.writeString(
          REPORT,
          Instant.now() + " " + line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A deliberate fault duration (not a wait for a condition). */
  static void hold(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

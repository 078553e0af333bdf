package io.chatcqrs.reliability.process;

import static org.awaitility.Awaitility.await;

import io.chatcqrs.infra.process.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One of the chat services (command-api, a projection worker, query-api) running as a {@link
 * ChildJvm} that a fault test can kill (SIGKILL), stop, freeze (SIGSTOP), resume (SIGCONT) and
 * start again on the same port and configuration.
 *
 * <p>Promises: {@link #start()} returns once the service's health endpoint answers 200, or throws
 * with the tail of its log; the child never outlives the test JVM ({@link ChildJvm}'s watchdog and
 * shutdown hook); {@link #close()} stops it whatever state it is in, a frozen one included.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final String mainClass;
  private final List<String> args;
  private final List<String> jvmArgs;
  private final int httpPort;
  private final String healthPath;
  private final Path logFile;
  private ChildJvm child;
  private boolean paused;

  /**
   * Describes a service; nothing starts yet.
   *
   * @param healthPath the path that answers 200 once the service is up
   */
  public ServiceProcess(
      String name,
      String mainClass,
      List<String> args,
      List<String> jvmArgs,
      int httpPort,
      String healthPath,
      Path logFile) {
    this.name = name;
    this.mainClass = mainClass;
    this.args = List.copyOf(args);
    this.jvmArgs = List.copyOf(jvmArgs);
    this.httpPort = httpPort;
    this.healthPath = healthPath;
    this.logFile = logFile;
  }

  /** The classpath of this JVM's tests, which holds every service. */
  public static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Starts the child JVM and waits (at most {@code 120 s}) until its health endpoint says 200. */
  public synchronized ServiceProcess start() {
    if (child != null && child.isAlive()) {
      return this;
    }
    try {
      Files.createDirectories(logFile.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    child =
        ChildJvm.builder(name)
            .classpath(testClasspath())
            .mainClass(mainClass)
            .jvmArgs(jvmArgs)
            .args(args.toArray(String[]::new))
            .logFile(logFile)
            .start();
    paused = false;
    ChildJvm started = child;
    try {
      await("healthy " + name)
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!started.isAlive()) {
                  throw new IllegalStateException(
                      name + " exited (" + started.exitCode() + "):\n" + started.logTail(40));
                }
                return healthy();
              });
    } catch (RuntimeException e) {
      started.kill();
      throw new IllegalStateException(name + " did not become healthy:\n" + started.logTail(40), e);
    }
    return this;
  }

  /** Whether the health endpoint answers 200 within 2 s right now. */
  public boolean healthy() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + healthPath))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL, as a crash would; returns once the process is gone. */
  public synchronized void kill() {
    if (child != null) {
      child.kill();
      child = null;
      paused = false;
    }
  }

  /** SIGSTOP: the process freezes with its sockets open. */
  public synchronized void pause() {
    Signals.pause(pid());
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  public synchronized void resume() {
    Signals.resume(pid());
    paused = false;
  }

  /** The process id, or -1 when it is not running. */
  public synchronized long pid() {
    return child == null ? -1 : child.pid();
  }

  /** Whether the child JVM is alive (a frozen one is). */
  public synchronized boolean isAlive() {
    return child != null && child.isAlive();
  }

  /** Resident memory of the process in bytes, from /proc; -1 when unknown. */
  public long residentBytes() {
    long pid = pid();
    if (pid < 0) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  public String name() {
    return name;
  }

  public int httpPort() {
    return httpPort;
  }

  public Path logFile() {
    return logFile;
  }

  /** The last lines of the service's log. */
  public String logTail(int lines) {
    ChildJvm current = child;
    return current == null ? "(not running)" : current.logTail(lines);
  }

  /** Stops the service (SIGTERM, 10 s grace), resuming it first if frozen. */
  @Override
  public synchronized void close() {
    if (child == null) {
      return;
    }
    if (paused) {
      Signals.resume(child.pid());
    }
    child.stop(Duration.ofSeconds(10));
    child = null;
  }

  @Override
  public String toString() {
    return name + ":" + httpPort + " (pid " + pid() + ")";
  }
}

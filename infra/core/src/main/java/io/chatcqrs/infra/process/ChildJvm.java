package io.chatcqrs.infra.process;

import io.chatcqrs.infra.child.WatchedMain;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started from this JVM with its own classpath, for servers whose jars must not mix
 * with ours (Kafka, Cassandra) and for their command-line tools.
 *
 * <p>Promises: the child never outlives this JVM. Its main class is wrapped by {@link WatchedMain},
 * which exits the child when this JVM dies, even by {@code kill -9}; and a shutdown hook of this
 * JVM stops every child still running ({@link ChildRegistry}). The child's standard output and
 * error are appended to a log file, whose last lines are available for error messages ({@link
 * #logTail(int)}).
 */
public final class ChildJvm {

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Duration stopGrace;

  private ChildJvm(String name, Process process, Path logFile, Duration stopGrace) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.stopGrace = stopGrace;
  }

  /** Describes a child JVM to start. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** How long a graceful stop may take before the child is killed. */
  public Duration stopGrace() {
    return stopGrace;
  }

  /** Stops the child gracefully within its {@link #stopGrace()}. */
  public void stop() {
    stop(stopGrace);
  }

  /** The exit code, or -1 while the child runs. */
  public int exitCode() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** Waits for the child to exit on its own; returns its exit code, or -1 on timeout. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    return process.exitValue();
  }

  /**
   * Asks the child to stop (SIGTERM: its shutdown hooks run) and kills it if it has not exited
   * within {@code grace}. Returns once the process is gone.
   */
  public void stop(Duration grace) {
    ChildRegistry.unregister(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /** Kills the child at once (SIGKILL) and waits until it is gone. */
  public void kill() {
    ChildRegistry.unregister(this);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last {@code lines} lines of the child's log, for error messages. */
  public String logTail(int lines) {
    return LogTail.of(logFile, lines);
  }

  Process process() {
    return process;
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + ", log " + logFile + ")";
  }

  /** Builder of a {@link ChildJvm}; {@link #start()} launches it. */
  public static final class Builder {
    private final String name;
    private final List<String> classpath = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private String mainClass;
    private Path logFile;
    private Path workDir;
    private Duration stopGrace = Duration.ofSeconds(10);

    private Builder(String name) {
      this.name = Objects.requireNonNull(name);
    }

    /** A ':'-separated (platform path separator) classpath, as Maven writes it. */
    public Builder classpath(String pathList) {
      for (String entry : pathList.trim().split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          classpath.add(entry.trim());
        }
      }
      return this;
    }

    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    public Builder jvmArgs(List<String> values) {
      jvmArgs.addAll(values);
      return this;
    }

    public Builder jvmArg(String value) {
      jvmArgs.add(value);
      return this;
    }

    public Builder args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /**
     * How long a graceful stop (SIGTERM) may take before SIGKILL; default 10 s. A server whose
     * shutdown writes data (Cassandra's drain) needs enough for a loaded machine: killing it half
     * way loses what it had not written yet.
     */
    public Builder stopGrace(Duration stopGrace) {
      this.stopGrace = Objects.requireNonNull(stopGrace);
      return this;
    }

    /** Starts the child; its log file gets a header line first. */
    public ChildJvm start() {
      Objects.requireNonNull(mainClass, "mainClass");
      Objects.requireNonNull(logFile, "logFile");
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.addAll(jvmArgs);
      command.add("-cp");
      List<String> fullClasspath = new ArrayList<>();
      fullClasspath.add(watchedMainLocation());
      fullClasspath.addAll(classpath);
      command.add(String.join(File.pathSeparator, fullClasspath));
      command.add(WatchedMain.class.getName());
      command.add(Long.toString(ProcessHandle.current().pid()));
      command.add(mainClass);
      command.addAll(args);
      try {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(
            logFile,
            "=== " + Instant.now() + " starting " + name + ": " + mainClass + " " + args + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (workDir != null) {
          builder.directory(workDir.toFile());
        }
        // The input pipe stays open, unwritten, for the child's life: its end-of-file is the
        // signal.
        ChildJvm child = new ChildJvm(name, builder.start(), logFile, stopGrace);
        ChildRegistry.register(child);
        return child;
      } catch (IOException e) {
        throw new ChildStartException("cannot start " + name + ": " + e.getMessage(), e);
      }
    }

    private static String javaExecutable() {
      Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
      if (Files.isExecutable(fromHome)) {
        return fromHome.toString();
      }
      return ProcessHandle.current().info().command().orElse("java");
    }

    private static String watchedMainLocation() {
      try {
        return Path.of(
                WatchedMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate the chat-infra classes", e);
      }
    }
  }
}

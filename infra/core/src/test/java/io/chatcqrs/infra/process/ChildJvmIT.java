package io.chatcqrs.infra.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmIT {

  @TempDir Path dir;

  @Test
  void child_exits_when_its_parent_is_killed_with_sigkill() throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process parent =
        new ProcessBuilder(
                List.of(
                    javaBin.toString(),
                    "-Xmx64m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LaunchingParent.class.getName(),
                    dir.resolve("sleeper.log").toString()))
            .redirectErrorStream(true)
            .start();
    try {
      long childPid =
          CompletableFuture.supplyAsync(() -> readChildPid(parent)).get(30, TimeUnit.SECONDS);
      Optional<ProcessHandle> child = ProcessHandle.of(childPid);
      assertThat(child).isPresent();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.readString(dir.resolve("sleeper.log")).contains("sleeper started"));

      parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs

      await().atMost(Duration.ofSeconds(10)).until(() -> !child.get().isAlive());
      assertThat(Files.readString(dir.resolve("sleeper.log")))
          .containsPattern(
              "\\[WatchedMain] (standard input closed|parent process \\d+ is no longer alive)");
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void stop_ends_a_running_child_and_keeps_its_log() throws Exception {
    ChildJvm child =
        ChildJvm.builder("sleeper")
            .classpath(
                Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString())
            .mainClass(Sleeper.class.getName())
            .jvmArgs(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
            .logFile(dir.resolve("child.log"))
            .start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> child.logTail(5).contains("sleeper started"));

    child.stop(Duration.ofSeconds(5));

    assertThat(child.isAlive()).isFalse();
    assertThat(child.logTail(40)).contains("starting sleeper").contains("sleeper started");
  }

  private static long readChildPid(Process parent) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("CHILD_PID=")) {
          return Long.parseLong(line.substring("CHILD_PID=".length()));
        }
        seen.append(line).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("the parent exited without starting a child:\n" + seen);
  }
}

package io.chatcqrs.reliability.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals to processes by id with the {@code kill} command: SIGSTOP freezes a process
 * (its sockets stay open, it answers nothing, as in a long GC pause or a stalled VM), SIGCONT lets
 * it run again. SIGKILL goes through {@link Process#destroyForcibly()} instead.
 */
public final class Signals {
  private Signals() {}

  /** Freezes the process {@code pid} (SIGSTOP). */
  public static void pause(long pid) {
    send("-STOP", pid);
  }

  /** Lets the frozen process {@code pid} run again (SIGCONT). */
  public static void resume(long pid) {
    send("-CONT", pid);
  }

  private static void send(String signal, long pid) {
    if (pid <= 0) {
      throw new IllegalArgumentException("no process to signal: pid " + pid);
    }
    try {
      Process kill =
          new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill "
                + signal
                + " "
                + pid
                + " failed: "
                + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + pid, e);
    }
  }
}

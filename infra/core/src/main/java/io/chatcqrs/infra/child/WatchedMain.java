package io.chatcqrs.infra.child;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of every child JVM that {@code ChildJvm} starts: it makes sure that the child never
 * outlives its parent, then runs the real main class.
 *
 * <p>Usage: {@code WatchedMain <parentPid> <realMainClass> [args...]}. A daemon thread exits the
 * JVM when standard input reaches end-of-file (the parent holds the other end of the pipe, and the
 * kernel closes it however the parent dies, {@code kill -9} included) or when the parent process is
 * no longer alive (polled every 500 ms). Exiting runs the child's shutdown hooks through {@link
 * System#exit}; if they have not finished within {@value #HALT_AFTER_MS} ms the JVM is halted.
 *
 * <p>A graceful stop is left alone: the parent's {@code Process.destroy()} sends SIGTERM and then
 * closes the child's standard input, so end-of-file also arrives while the child is already running
 * its shutdown hooks. Those hooks can take a while (Cassandra drains: it flushes every table), and
 * halting them half-way loses data (a flushed {@code system_schema.keyspaces} without its {@code
 * tables}). The parent bounds that stop with its own grace period, so the watchdog then only keeps
 * watching the parent's pid, and starts the halter if the parent dies meanwhile.
 *
 * <p>This class must use JDK classes only: it sits in front of foreign server classpaths.
 */
public final class WatchedMain {

  static final long HALT_AFTER_MS = 60_000;
  private static final long POLL_MS = 500;

  private WatchedMain() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: WatchedMain <parentPid> <mainClass> [args...]");
      System.exit(2);
    }
    long parentPid = Long.parseLong(args[0]);
    String mainClass = args[1];
    String[] realArgs = Arrays.copyOfRange(args, 2, args.length);

    Thread watchdog = new Thread(() -> watch(parentPid), "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    Method main =
        Class.forName(mainClass, true, Thread.currentThread().getContextClassLoader())
            .getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) realArgs);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(long parentPid) {
    Thread stdinReader = new Thread(WatchedMain::awaitStdinEof, "parent-stdin-watch");
    stdinReader.setDaemon(true);
    stdinReader.start();
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    boolean noted = false;
    while (parent.map(ProcessHandle::isAlive).orElse(false)) {
      if (!stdinReader.isAlive()) {
        if (!shutdownInProgress()) {
          exit("standard input closed: parent " + parentPid + " is gone");
          return;
        }
        if (!noted) {
          System.err.println(
              "[WatchedMain] standard input closed while stopping: letting it finish");
          noted = true;
        }
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    exit("parent process " + parentPid + " is no longer alive");
  }

  private static void awaitStdinEof() {
    byte[] buffer = new byte[256];
    try {
      InputStream in = System.in;
      while (in.read(buffer) >= 0) {
        // the parent never writes; anything read is ignored
      }
    } catch (IOException e) {
      // a broken pipe means the same as end-of-file
    }
  }

  private static void exit(String reason) {
    System.err.println("[WatchedMain] " + reason + ": exiting");
    Thread halter =
        new Thread(
            () -> {
              try {
                Thread.sleep(HALT_AFTER_MS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              System.err.println("[WatchedMain] shutdown hooks still running: halting");
              Runtime.getRuntime().halt(1);
            },
            "parent-watchdog-halter");
    halter.setDaemon(true);
    halter.start();
    if (!shutdownInProgress()) {
      System.exit(1);
    }
  }

  /** True once the JVM runs its shutdown hooks (a SIGTERM or a {@code System.exit}). */
  private static boolean shutdownInProgress() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}

package io.chatcqrs.infra.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs still running, and the shutdown hook that stops them when this JVM exits normally
 * or on SIGTERM/SIGINT: SIGTERM to all at once, up to 10 s for them to exit, then SIGKILL.
 */
final class ChildRegistry {

  private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;

  private ChildRegistry() {}

  static void register(ChildJvm child) {
    installHook();
    RUNNING.add(child);
  }

  static void unregister(ChildJvm child) {
    RUNNING.remove(child);
  }

  private static synchronized void installHook() {
    if (hookInstalled) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(ChildRegistry::stopAll, "chat-children-stop"));
    hookInstalled = true;
  }

  static void stopAll() {
    List<ChildJvm> children = List.copyOf(RUNNING);
    children.forEach(child -> child.process().destroy());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ChildJvm child : children) {
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0 || !child.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          child.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.process().destroyForcibly();
      }
    }
    RUNNING.removeAll(children);
  }
}

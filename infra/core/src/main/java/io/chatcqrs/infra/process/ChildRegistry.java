package io.chatcqrs.infra.process;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs still running, and the shutdown hook that stops them when this JVM exits normally
 * or on SIGTERM/SIGINT: SIGTERM to all at once, each child's stop grace for it to exit, then
 * SIGKILL.
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
    long start = System.nanoTime();
    for (ChildJvm child : children) {
      long left = start + child.stopGrace().toNanos() - System.nanoTime();
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

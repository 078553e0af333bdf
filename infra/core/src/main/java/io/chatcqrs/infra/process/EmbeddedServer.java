package io.chatcqrs.infra.process;

import java.time.Duration;

/**
 * The lifecycle every embedded server shares: one child JVM, started and awaited by the subclass,
 * stopped gracefully or killed like a crash, restarted on the same data and ports. Subclasses say
 * how to launch the child and when it is ready.
 *
 * @param <S> the concrete server type, returned by {@link #start()} and {@link #restart()}
 */
public abstract class EmbeddedServer<S extends EmbeddedServer<S>> implements AutoCloseable {
  private final String name;
  private final Duration startTimeout;
  private ChildJvm child;

  protected EmbeddedServer(String name, Duration startTimeout) {
    this.name = name;
    this.startTimeout = startTimeout;
  }

  /** Launches the server's child JVM (configuration written, storage prepared). */
  protected abstract ChildJvm launch();

  /**
   * Returns once the server answers its clients; polls, calling {@link #failIfDeadOrLate} and
   * {@link #pause} between attempts.
   */
  protected abstract void awaitReady(long deadlineNanos);

  /** Where the server can be reached, for error messages. */
  protected abstract String address();

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /** Starts the server, if not running, and waits until it answers. */
  public synchronized S start() {
    if (isRunning()) {
      return self();
    }
    if (child != null) {
      child.kill(); // a crashed child: forget it (and unregister it) before launching anew
    }
    child = launch();
    try {
      awaitReady(System.nanoTime() + startTimeout.toNanos());
    } catch (RuntimeException e) {
      // whatever the reason the server never became ready (late, dead, interrupted): no
      // half-started
      // child stays behind to be taken for a running one
      child.kill();
      child = null;
      throw e;
    }
    return self();
  }

  /** Stops the server gracefully (within its child's stop grace, then killed). Data stays. */
  public synchronized void stop() {
    if (child != null) {
      child.stop();
      child = null;
    }
  }

  /** Kills the server with SIGKILL, as a crash would. Data stays. */
  public synchronized void kill() {
    if (child != null) {
      child.kill();
      child = null;
    }
  }

  /** Stops (gracefully) and starts again on the same data and ports. */
  public synchronized S restart() {
    stop();
    return start();
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean isRunning() {
    return child != null && child.isAlive();
  }

  /** The server's process id, or -1 when it is not running. */
  public synchronized long pid() {
    return child == null ? -1 : child.pid();
  }

  /**
   * Throws a {@link ChildStartException} with the log tail if the child died or the deadline
   * passed; {@code last} is the last readiness probe's failure, if any.
   */
  protected void failIfDeadOrLate(long deadlineNanos, Exception last) {
    // start() holds the lock throughout, so the child cannot be stopped meanwhile; it kills the
    // child when this throws
    if (!child.isAlive()) {
      throw ChildStartException.of(child, name + " exited during start", last);
    }
    if (System.nanoTime() > deadlineNanos) {
      throw ChildStartException.of(
          child, name + " did not answer on " + address() + " within " + startTimeout, last);
    }
  }

  /** Waits between readiness probes. */
  protected void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChildStartException("interrupted while waiting for " + name, e);
    }
  }
}

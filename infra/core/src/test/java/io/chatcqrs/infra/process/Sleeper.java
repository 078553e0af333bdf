package io.chatcqrs.infra.process;

/** A child main that only waits, for the orphan-protection test. */
public final class Sleeper {

  private Sleeper() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("sleeper started");
    Thread.sleep(Long.MAX_VALUE);
  }
}

package io.chatcqrs.infra.process;

import java.nio.file.Path;

/**
 * A parent JVM for the orphan-protection test: starts a {@link Sleeper} through {@link ChildJvm},
 * prints the child's pid and waits to be killed.
 */
public final class LaunchingParent {

  private LaunchingParent() {}

  public static void main(String[] args) throws Exception {
    Path testClasses =
        Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ChildJvm child =
        ChildJvm.builder("sleeper")
            .classpath(testClasses.toString())
            .mainClass(Sleeper.class.getName())
            .jvmArgs(java.util.List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"))
            .logFile(Path.of(args[0]))
            .start();
    System.out.println("CHILD_PID=" + child.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

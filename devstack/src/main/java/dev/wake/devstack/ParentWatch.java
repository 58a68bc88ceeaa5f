package dev.wake.devstack;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in this JVM and exits (running its shutdown hooks, e.g.
 * Kafka's clean shutdown) as soon as standard input closes, i.e. when the Wake process that
 * started this one stops or dies. No orphaned brokers survive a killed parent.
 *
 * <p>Usage: {@code ParentWatch <main class> [args...]}.
 */
public final class ParentWatch {
  private ParentWatch() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: ParentWatch <main class> [args...]");
      System.exit(2);
    }
    Thread watch = new Thread(ParentWatch::exitAtEndOfInput, "parent-watch");
    watch.setDaemon(true);
    watch.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }

  private static void exitAtEndOfInput() {
    byte[] buffer = new byte[256];
    try {
      while (System.in.read(buffer) >= 0) {
        // Input is only a lifeline to the parent; its content is ignored.
      }
    } catch (IOException e) {
      // Same as end of input.
    }
    System.exit(0);
  }
}

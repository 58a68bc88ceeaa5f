package dev.wake.collector;

import dev.wake.core.ConfigException;
import dev.wake.core.Env;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the collector alone (containers, benchmarks): configuration from the environment
 * ({@code WAKE_KAFKA_BOOTSTRAP} required, {@code WAKE_BIND}, and the collector's variables in the
 * README). Prints {@code READY grpc=<port> http=<port>} once it serves; stops cleanly on SIGTERM
 * or when standard input closes (when {@code WAKE_EXIT_ON_STDIN_EOF=1}).
 */
public final class CollectorMain {
  private CollectorMain() {}

  public static void main(String[] args) throws Exception {
    Env env = Env.system();
    String bootstrap = env.raw("WAKE_KAFKA_BOOTSTRAP");
    if (bootstrap == null) {
      env.problem("WAKE_KAFKA_BOOTSTRAP must name the Kafka bootstrap servers, e.g. 127.0.0.1:9092");
    }
    CollectorConfig config;
    try {
      config = CollectorConfig.from(env, env.string("WAKE_BIND", "127.0.0.1"), bootstrap);
      env.validate();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Collector collector = new Collector(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      collector.close();
      stopped.countDown();
    }, "collector-shutdown"));
    try {
      collector.start();
    } catch (Exception e) {
      System.err.println("ERROR collector could not start: " + e.getMessage());
      System.exit(1);
    }
    System.out.println("READY grpc=" + collector.grpcPort() + " http=" + collector.httpPort());
    System.out.flush();
    if ("1".equals(env.raw("WAKE_EXIT_ON_STDIN_EOF"))) {
      try {
        while (System.in.read() >= 0) {
          // lifeline only
        }
      } catch (IOException e) {
        // parent gone
      }
      System.exit(0);
    }
    stopped.await();
  }
}

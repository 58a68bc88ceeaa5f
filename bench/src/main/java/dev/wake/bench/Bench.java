package dev.wake.bench;

/** Entry point of {@code ./wake bench <name>}. Benchmarks print figures; they assert nothing. */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "" : args[0];
    switch (name) {
      case "collector" -> CollectorBench.run();
      case "writer" -> WriterBench.run();
      case "query" -> QueryBench.run();
      default -> {
        System.err.println("Usage: ./wake bench collector|writer|query");
        System.exit(2);
      }
    }
    System.exit(0);
  }
}

package dev.wake.collector;

/** The three OTLP signals, with the OTLP/HTTP path and the unit OTLP partial success counts. */
public enum Signal {
  TRACES("/v1/traces", "spans"),
  METRICS("/v1/metrics", "data points"),
  LOGS("/v1/logs", "log records");

  final String httpPath;
  final String itemName;

  Signal(String httpPath, String itemName) {
    this.httpPath = httpPath;
    this.itemName = itemName;
  }

  /** Lower-case name used in metrics labels, e.g. {@code traces}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

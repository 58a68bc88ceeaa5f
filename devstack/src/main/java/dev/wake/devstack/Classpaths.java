package dev.wake.devstack;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where classes come from, to build the classpath of a child JVM. */
public final class Classpaths {
  private Classpaths() {}

  /** The jar or classes directory that holds {@code type}. */
  public static String of(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the classes of " + type.getName(), e);
    }
  }
}

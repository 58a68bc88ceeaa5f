package dev.wake.storage;

import java.util.List;

/**
 * One numbered file of {@code schemas/}, e.g. {@code 001_wake_database.sql}: version 1, its
 * statements in order (split at a {@code ;} that ends a line).
 */
record Migration(int version, String name, List<String> statements) {

  static Migration parse(String fileName, String text) {
    int underscore = fileName.indexOf('_');
    if (underscore <= 0 || !fileName.endsWith(".sql")) {
      throw new IllegalArgumentException("Schema file " + fileName + " is not named NNN_description.sql");
    }
    int version = Integer.parseInt(fileName.substring(0, underscore));
    List<String> statements = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return new Migration(version, fileName.substring(0, fileName.length() - 4), List.copyOf(statements));
  }
}

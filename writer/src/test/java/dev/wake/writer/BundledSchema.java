package dev.wake.writer;

import dev.wake.storage.SchemaMigrator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The writer's tables as the bundled {@code schemas/} DDL declares them, for unit tests that need
 * column types without a ClickHouse: each {@code CREATE TABLE}'s columns in order, {@code Nested}
 * flattened into {@code Name.Field Array(T)} and {@code Boolean} spelled {@code Bool}, as {@code
 * system.columns} lists them ({@code RowBinaryIT} checks that it does).
 */
final class BundledSchema {
  private static final Pattern CREATE = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+) \\(");

  private BundledSchema() {}

  /** The schema of {@link Writer#TABLES}. */
  static Schema writer() {
    return Schema.of("wake", Writer.TABLES, columnTypes());
  }

  /** Every table's columns, name to type, in order. */
  static Map<String, Map<String, String>> columnTypes() {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    for (String file : resource("INDEX").split("\n")) {
      if (file.isBlank()) {
        continue;
      }
      StringBuilder ddl = new StringBuilder();
      for (String line : resource(file.strip()).split("\n")) {
        if (!line.strip().startsWith("--")) {
          ddl.append(line).append('\n');
        }
      }
      Matcher create = CREATE.matcher(ddl);
      while (create.find()) {
        String body = ddl.substring(create.end(), closing(ddl, create.end() - 1));
        Map<String, String> columns = new LinkedHashMap<>();
        for (String element : ColumnTypes.arguments(body)) {
          column(element, columns);
        }
        tables.put(create.group(1), columns);
      }
    }
    return tables;
  }

  /** Adds the column(s) one element of a column list declares; indexes and projections add none. */
  private static void column(String element, Map<String, String> columns) {
    String[] parts = element.strip().split("\\s+", 2);
    if (List.of("INDEX", "PROJECTION", "CONSTRAINT").contains(parts[0])) {
      return;
    }
    String rest = parts[1].strip();
    if (rest.startsWith("Nested")) {
      int open = rest.indexOf('(');
      for (String field : ColumnTypes.arguments(rest.substring(open + 1, closing(rest, open)))) {
        String[] f = field.strip().split("\\s+", 2);
        columns.put(parts[0] + "." + f[0], "Array(" + type(f[1]) + ")");
      }
      return;
    }
    String type = type(rest);
    String after = rest.substring(type.length()).strip();
    if (!after.startsWith("MATERIALIZED") && !after.startsWith("ALIAS")) {
      columns.put(parts[0], type.equals("Boolean") ? "Bool" : type);
    }
  }

  /** The type at the start of a column's declaration: up to the first space outside parentheses. */
  private static String type(String declaration) {
    int depth = 0;
    for (int i = 0; i < declaration.length(); i++) {
      char c = declaration.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0 && Character.isWhitespace(c)) {
        return declaration.substring(0, i);
      }
    }
    return declaration.strip();
  }

  /** The index of the parenthesis closing the one at {@code open}. */
  private static int closing(CharSequence text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses at " + open);
  }

  private static String resource(String name) {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream("/dev/wake/schemas/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /dev/wake/schemas/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

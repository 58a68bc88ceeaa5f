package dev.wake.writer;

/**
 * The writer's rows name a column its table does not have: the schema in ClickHouse is not the
 * one the writer was built for (not migrated, or changed by hand). Not a fault of the record being
 * written, so the record is not dead-lettered: the writer stops before committing anything, and
 * the records are written once the schema is fixed and the writer restarted.
 */
final class SchemaMismatch extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SchemaMismatch(String message) {
    super(message);
  }
}

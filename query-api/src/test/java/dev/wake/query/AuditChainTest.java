package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static List<AuditLog.Entry> chain(int n) {
    List<AuditLog.Entry> entries = new ArrayList<>();
    String previous = "0".repeat(64);
    for (int i = 1; i <= n; i++) {
      AuditLog.Entry draft = new AuditLog.Entry(i, i * 1000L, "ann", "SELECT " + i, "ok", "", i, 1, previous, "");
      AuditLog.Entry entry = new AuditLog.Entry(i, i * 1000L, "ann", "SELECT " + i, "ok", "", i, 1, previous,
          draft.expectedHash("acme"));
      entries.add(entry);
      previous = entry.hash();
    }
    return entries;
  }

  @Test
  void verify_intactChain_isOk() {
    assertThat(AuditLog.verify("acme", chain(5))).containsEntry("ok", true).containsEntry("checked", 5);
  }

  @Test
  void verify_editedDeletedOrOtherTenant_namesTheBreak() {
    List<AuditLog.Entry> edited = chain(5);
    AuditLog.Entry e = edited.get(2);
    edited.set(2, new AuditLog.Entry(e.seq(), e.atNanos(), e.who(), "SELECT 42", e.outcome(), e.reason(), e.rowCount(),
        e.elapsedMs(), e.prevHash(), e.hash()));
    assertThat(AuditLog.verify("acme", edited)).containsEntry("ok", false).containsEntry("brokenAt", 3L);
    List<AuditLog.Entry> deleted = chain(5);
    deleted.remove(1);
    assertThat(AuditLog.verify("acme", deleted)).containsEntry("ok", false).containsEntry("brokenAt", 3L);
    assertThat(AuditLog.verify("globex", chain(2))).containsEntry("ok", false).containsEntry("brokenAt", 1L);
  }

  @Test
  void hash_fieldsCannotShiftBetweenEachOther() {
    AuditLog.Entry a = new AuditLog.Entry(1, 1, "ann", "SELECT 1\nok", "", "", 0, 0, "p", "");
    AuditLog.Entry b = new AuditLog.Entry(1, 1, "ann", "SELECT 1", "ok", "", 0, 0, "p", "");
    assertThat(a.expectedHash("t")).isNotEqualTo(b.expectedHash("t"));
  }
}

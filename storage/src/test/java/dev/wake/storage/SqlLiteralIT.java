package dev.wake.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.WakeStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The literals against the real ClickHouse: every value comes back as it was, whatever it holds. */
@ExtendWith(WakeStackExtension.class)
@Timeout(120)
class SqlLiteralIT {
  private static final List<String> HOSTILE = List.of("plain", "it's", "back\\slash", "\\'", "quote\"d", "a,b",
      "new\nline", "tab\there", "nul\u0000byte", "\u0001\u001f", "ünïcödé ✓ 😀", "')) OR 1=1 --", "[\"x\"]", "",
      " spaced ");

  @Test
  void set_anyValues_selectsExactlyThem(TestClickHouse ch) throws Exception {
    try (Connection c = ch.connect()) {
      assertThat(values(c, "SELECT * FROM " + SqlLiteral.set(HOSTILE))).containsExactlyElementsOf(HOSTILE);
    }
  }

  @Test
  void set_inACondition_matchesLikeTheTuple(TestClickHouse ch) throws Exception {
    Set<String> many = new LinkedHashSet<>(HOSTILE);
    for (int i = 0; i < 10_000; i++) {
      many.add("instance-" + i);
    }
    String rows = "(SELECT arrayJoin(['plain', 'it''s', 'instance-9999', 'a,b', 'other', 'new\\nline', '']) AS x)";
    try (Connection c = ch.connect()) {
      assertThat(values(c, "SELECT x FROM " + rows + " WHERE x IN " + SqlLiteral.set(many) + " ORDER BY x"))
          .containsExactly("", "a,b", "instance-9999", "it's", "new\nline", "plain")
          .isEqualTo(values(c, "SELECT x FROM " + rows + " WHERE x IN " + SqlLiteral.tuple(HOSTILE.subList(0, 1))
              + " OR x IN " + SqlLiteral.tuple(List.of("it's", "instance-9999", "a,b", "new\nline", "")) + " ORDER BY x"));
      assertThat(values(c, "SELECT x FROM " + rows + " WHERE x IN " + SqlLiteral.set(List.of()))).containsExactly("");
    }
  }

  @Test
  void in_tupleUpToTheThresholdSetAbove_sameMatches(TestClickHouse ch) throws Exception {
    List<String> small = new ArrayList<>();
    for (int i = 0; i < SqlLiteral.SET_ABOVE; i++) {
      small.add("id-" + i);
    }
    List<String> large = new ArrayList<>(small);
    large.add("id-x'");
    assertThat(SqlLiteral.in(small)).isEqualTo(SqlLiteral.tuple(small));
    assertThat(SqlLiteral.in(large)).isEqualTo(SqlLiteral.set(large));
    String rows = "(SELECT arrayJoin(['id-0', 'id-4999', 'id-5000', 'id-x\\'']) AS x)";
    try (Connection c = ch.connect()) {
      assertThat(values(c, "SELECT x FROM " + rows + " WHERE x IN " + SqlLiteral.in(small) + " ORDER BY x"))
          .containsExactly("id-0", "id-4999");
      assertThat(values(c, "SELECT x FROM " + rows + " WHERE x IN " + SqlLiteral.in(large) + " ORDER BY x"))
          .containsExactly("id-0", "id-4999", "id-x'");
    }
  }

  @Test
  void array_anyValuesButNul_selectsExactlyThem(TestClickHouse ch) throws Exception {
    List<String> values = HOSTILE.stream().filter(value -> value.indexOf(0) < 0).toList();
    try (Connection c = ch.connect()) {
      assertThat(values(c, "SELECT arrayJoin(" + SqlLiteral.array(values) + ")")).containsExactlyElementsOf(values);
    }
  }

  private static List<String> values(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}

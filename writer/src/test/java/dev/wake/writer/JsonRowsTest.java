package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRowsTest {

  @Test
  void rows_asciiAndNonAscii_areUtf8JsonLines() throws Exception {
    JsonRows rows = new JsonRows();
    rows.begin().str("A", "plain").num("N", -3).unsigned("U", -1L).end();
    rows.begin().str("Name", "에이전트 \"q\"\n\\").map("M", Map.of("ключ", "värde")).end();
    rows.begin().time("T", 1_700_000_000_000_000_005L).times("Ts", new long[] {-1}).strings("S", List.of("x", "y"))
        .dbl("D", Double.NaN).end();

    String text = new String(rows.stream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(text).isEqualTo("{\"A\":\"plain\",\"N\":-3,\"U\":18446744073709551615}\n"
        + "{\"Name\":\"에이전트 \\\"q\\\"\\n\\\\\",\"M\":{\"ключ\":\"värde\"}}\n"
        + "{\"T\":\"1700000000.000000005\",\"Ts\":[\"0.000000000\"],\"S\":[\"x\",\"y\"],\"D\":\"nan\"}\n");
    assertThat(rows.rows()).isEqualTo(3);
    assertThat(rows.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    assertThat(rows.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }
}

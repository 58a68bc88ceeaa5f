package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Series.Label> HOST_GPU = List.of(new Series.Label("host", "H"), new Series.Label("gpu", "G"));

  @Test
  void of_rowsSortedBySeries_oneSeriesPerLabelChangeWithItsPoints() throws Exception {
    List<Table.Row> rows = rows("""
        {"meta": [{"name": "host"}, {"name": "gpu"}, {"name": "PointTime"}, {"name": "PointValue"}, {"name": "simulated"}],
         "data": [["n1", "GPU-a", 60, 0.5, false], ["n1", "GPU-a", 120, 0.25, false], ["", "GPU-b", 60, 1, true]]}""");
    List<Map<String, Object>> series = Series.of(rows, HOST_GPU, List.of("simulated"), false);
    assertThat(JSON.writeValueAsString(series)).isEqualTo("[{\"group\":\"n1/GPU-a\",\"host\":\"n1\",\"gpu\":\"GPU-a\","
        + "\"simulated\":false,\"points\":[{\"t\":\"1970-01-01T00:01:00.000000000Z\",\"value\":0.5},"
        + "{\"t\":\"1970-01-01T00:02:00.000000000Z\",\"value\":0.25}]},"
        + "{\"group\":\"GPU-b\",\"host\":\"\",\"gpu\":\"GPU-b\",\"simulated\":true,"
        + "\"points\":[{\"t\":\"1970-01-01T00:01:00.000000000Z\",\"value\":1.0}]}]");
  }

  @Test
  void of_otherLabelsSplitSeries_integralValuesWhole() throws Exception {
    List<Table.Row> rows = rows("""
        {"meta": [{"name": "model"}, {"name": "type"}, {"name": "PointTime"}, {"name": "PointValue"}],
         "data": [["gpt-4o", "input", 0, "150"], ["gpt-4o", "output", 0, 30.0]]}""");
    List<Map<String, Object>> series = Series.of(rows, List.of(new Series.Label("model", "M")), List.of("type"), true);
    assertThat(series).hasSize(2);
    assertThat(series.get(0)).containsEntry("group", "gpt-4o").containsKey("type");
    assertThat(JSON.writeValueAsString(series.get(1).get("points"))).isEqualTo(
        "[{\"t\":\"1970-01-01T00:00:00.000000000Z\",\"value\":30}]");
  }

  @Test
  void selectAndNames_aliasEachLabel() {
    assertThat(Series.select(HOST_GPU)).isEqualTo("H AS host, G AS gpu");
    assertThat(Series.names(HOST_GPU)).isEqualTo("host, gpu");
  }

  private static List<Table.Row> rows(String json) throws Exception {
    return Table.of(JSON.readTree(json)).named();
  }
}

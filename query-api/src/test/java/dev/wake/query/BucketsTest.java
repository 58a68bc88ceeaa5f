package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketsTest {
  private static final long S = 1_000_000_000L;

  @Test
  void defaultStep_aboutThreeHundredPointsAtLeastTenSeconds() {
    assertThat(Buckets.defaultStep(0, 3_600 * S)).isEqualTo(12);
    assertThat(Buckets.defaultStep(0, 3_601 * S)).isEqualTo(13);
    assertThat(Buckets.defaultStep(0, 60 * S)).isEqualTo(10);
    assertThat(Buckets.defaultStep(5 * S, 5 * S)).isEqualTo(10);
    assertThat(Buckets.defaultStep(0, 86_400 * S)).isEqualTo(288);
    assertThat(Buckets.defaultStep(0, 3_650L * 86_400 * S)).isEqualTo(Buckets.MAX_STEP);
  }

  @Test
  void count_bucketsAlignedToTheEpochThatTheWindowTouches() {
    assertThat(new Buckets(60 * S, 119 * S, 60).count()).isEqualTo(1);
    assertThat(new Buckets(60 * S, 120 * S, 60).count()).isEqualTo(2);
    assertThat(new Buckets(59 * S, 61 * S, 60).count()).isEqualTo(2);
    assertThat(new Buckets(0, 3_600 * S, Buckets.defaultStep(0, 3_600 * S)).count()).isEqualTo(301);
    assertThat(new Buckets(0, 86_400 * S, 1).count()).isEqualTo(86_401);
  }

  @Test
  void seconds_wholeAndWithinDateTimeRange() {
    Buckets buckets = new Buckets(1_500_000_000L * S + 999_999_999, -1, 10);
    assertThat(buckets.startSecond()).isEqualTo(1_500_000_000L);
    assertThat(buckets.endSecond()).isZero();
    assertThat(new Buckets(0, Long.MAX_VALUE, 10).endSecond()).isEqualTo(4_294_967_295L);
  }

  @Test
  void sqlParams_everyParameterTheConditionsUse() {
    Map<String, Object> params = new Buckets(100 * S + 5, 200 * S, 30).sqlParams("acme");
    assertThat(params).containsEntry("tenant", "acme").containsEntry("step", 30).containsEntry("startSecond", 100L).containsEntry("endSecond", 200L)
        .containsEntry("startNs", 100 * S + 5).containsEntry("endNs", 200 * S);
    assertThat(Buckets.secondsWithin("TimeUnix"))
        .isEqualTo("TimeUnix >= toDateTime({startSecond:UInt32}) AND TimeUnix <= toDateTime({endSecond:UInt32})");
    assertThat(Buckets.nanosWithin("Timestamp")).isEqualTo("Timestamp >= fromUnixTimestamp64Nano({startNs:Int64})"
        + " AND Timestamp <= fromUnixTimestamp64Nano({endNs:Int64})");
  }
}

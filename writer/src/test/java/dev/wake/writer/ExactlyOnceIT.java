package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A writer killed between insert and commit, and ClickHouse refusing writes for a while: no loss, no duplicate. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class ExactlyOnceIT {
  private static final int REQUESTS = 60;
  private static final int SPANS_PER_REQUEST = 10;

  @Test
  void writer_diesAfterInsertBeforeCommit_restartWritesNothingTwice(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    produceSpans(fx, REQUESTS);
    AtomicBoolean crashed = new AtomicBoolean();
    CountDownLatch died = new CountDownLatch(1);
    Writer first = fx.start(() -> {
      if (crashed.compareAndSet(false, true)) {
        died.countDown();
        throw new KilledForTest(); // the writer's thread dies here, as a killed process would: inserted, not committed
      }
    });
    assertThat(died.await(60, TimeUnit.SECONDS)).isTrue();
    first.close();
    long afterCrash = fx.scalar("SELECT count() FROM otel_traces");
    assertThat(afterCrash).isPositive(); // the first batch was inserted before the "kill"

    try (Writer second = fx.start()) {
      long expected = (long) REQUESTS * SPANS_PER_REQUEST;
      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", expected)).isEqualTo(expected);
      Thread.sleep(1_500); // anything written twice would show now
      assertThat(fx.scalar("SELECT count() FROM otel_traces")).isEqualTo(expected);
      assertThat(fx.scalar("SELECT uniqExact(SpanId) FROM otel_traces")).isEqualTo(expected);
      assertThat(fx.scalar("SELECT count() FROM otel_traces_trace_id_ts"))
          .isEqualTo(fx.scalar("SELECT uniqExact(TraceId) FROM otel_traces"));
      assertThat(fx.scalar("SELECT sum(SpanCount) FROM agent_instances")).isEqualTo(expected);
      assertThat(fx.scalar("SELECT sum(Spans) FROM trace_summaries")).isEqualTo(expected); // its view replayed once
    }
  }

  /**
   * Batches of two requests from one partition, sent while the writer runs: a batch's rows are
   * inserted while the batch before it still writes its lineage, and the plan committed to Kafka
   * names both. The writer dies at a commit while such a plan stands (after waiting, so that the
   * second batch's rows are in): the restarted writer re-forms both batches exactly, so their
   * tokens drop what was inserted: nothing twice, nothing lost.
   */
  @Test
  void writer_diesWithTwoBatchesInFlight_restartReformsBothFromThePlan(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch, 1, 2 * SPANS_PER_REQUEST);
    int requests = 200;
    AtomicBoolean crashed = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<String> planAtCrash = new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch died = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger sentRequests = new java.util.concurrent.atomic.AtomicInteger();
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        kafka.clientProperties())) {
      Writer first = fx.start(() -> {
        String plan = committedMetadata(admin, fx.config.groupId());
        if (!crashed.get() && plan.matches(BatchPlan.PREFIX + "\\d+,\\d+")) {
          crashed.set(true);
          planAtCrash.set(plan);
          sleepQuietly(500); // the second batch's rows go in meanwhile, on the insert threads
          died.countDown();
          throw new KilledForTest();
        }
      });
      Thread producing = new Thread(() -> {
        try {
          for (int r = 0; r < requests && died.getCount() > 0; r += 2) {
            produceSpans(fx, 2);
            sentRequests.addAndGet(2);
            Thread.sleep(10);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      producing.start();
      producing.join();
      assertThat(died.await(60, TimeUnit.SECONDS)).as("a commit while two batches were planned").isTrue();
      first.close();
    }
    assertThat(planAtCrash.get()).startsWith(BatchPlan.PREFIX);
    long sent = (long) sentRequests.get() * SPANS_PER_REQUEST;
    try (Writer second = fx.start()) {
      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", sent)).isEqualTo(sent);
      Thread.sleep(1_500); // anything written twice would show now
      assertThat(fx.scalar("SELECT count() FROM otel_traces")).isEqualTo(sent);
      assertThat(fx.scalar("SELECT uniqExact(SpanId) FROM otel_traces")).isEqualTo(sent);
      assertThat(fx.scalar("SELECT sum(Spans) FROM trace_summaries")).isEqualTo(sent);
      assertThat(fx.scalar("SELECT sum(SpanCount) FROM agent_instances")).isEqualTo(sent);
    }
  }

  /** The commit metadata of {@code group}'s only partition, or "" when none is committed. */
  private static String committedMetadata(org.apache.kafka.clients.admin.Admin admin, String group) {
    try {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
          .values().stream().filter(java.util.Objects::nonNull).map(o -> o.metadata() == null ? "" : o.metadata())
          .findFirst().orElse("");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void twoWritersInOneGroup_oneDiesBeforeItsCommit_theOtherTakesOverWithoutLossOrDuplicate(TestKafka kafka,
      TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    long perRound = (long) REQUESTS * SPANS_PER_REQUEST;
    CountDownLatch died = new CountDownLatch(1);
    try (Writer survivor = fx.start()) {
      produceSpans(fx, REQUESTS);
      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", perRound)).isEqualTo(perRound);
      Writer victim = fx.start(() -> { // joins the group and gets partitions of its own
        died.countDown();
        throw new KilledForTest(); // dies at its first batch: inserted, not committed
      });
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int rounds = 1;
        while (died.getCount() > 0 && System.nanoTime() < deadline) {
          produceSpans(fx, REQUESTS);
          rounds++;
          died.await(3, TimeUnit.SECONDS);
        }
        assertThat(died.getCount()).as("the second writer wrote a batch").isZero();
        long expected = rounds * perRound;
        assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", expected)).isEqualTo(expected);
        Thread.sleep(1_500);
        assertThat(fx.scalar("SELECT count() FROM otel_traces")).isEqualTo(expected);
        assertThat(fx.scalar("SELECT uniqExact(SpanId) FROM otel_traces")).isEqualTo(expected);
      } finally {
        victim.close();
      }
    }
  }

  @Test
  void insert_sameTokenTwice_writesOnce(TestKafka kafka, TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    long t0 = System.currentTimeMillis() * 1_000_000L;
    try (ClickHouseStore store = new ClickHouseStore(fx.config.clickHouse(), fx.database())) {
      BatchRows rows = new BatchRows(store.schema(Writer.TABLES));
      SpanRows.append(TestSpans.request(TestSpans.resource("x", "x", "h", 1, 0),
          TestSpans.span(TestSpans.randomHex(16), TestSpans.randomHex(8), null, "once", t0).build()), "default", rows,
          new LineageFacts());
      Rows data = rows.table(SpanRows.TABLE);
      store.insert(data, "t:0:0-1");
      store.insert(data, "t:0:0-1");
      assertThat(fx.scalar("SELECT count() FROM otel_traces")).isEqualTo(1);
      assertThat(fx.scalar("SELECT count() FROM otel_traces_trace_id_ts")).isEqualTo(1);
    }
  }

  @Test
  void clickHouse_refusesWritesForAWhile_writerWaitsAndCatchesUpWithoutLoss(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    try (Writer writer = fx.start()) {
      produceSpans(fx, 5);
      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", 50)).isEqualTo(50);

      fx.execute("RENAME TABLE otel_traces TO otel_traces_away"); // every insert into otel_traces now fails
      produceSpans(fx, 20);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (writer.check().ok() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(writer.check().ok()).isFalse();
      assertThat(writer.check().detail()).contains("otel_traces");
      Thread.sleep(2_000);
      fx.execute("RENAME TABLE otel_traces_away TO otel_traces");

      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", 250)).isEqualTo(250);
      Thread.sleep(1_500);
      assertThat(fx.scalar("SELECT count() FROM otel_traces")).isEqualTo(250);
      assertThat(fx.scalar("SELECT uniqExact(SpanId) FROM otel_traces")).isEqualTo(250);
      long healthyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!writer.check().ok() && System.nanoTime() < healthyBy) {
        Thread.sleep(100);
      }
      assertThat(writer.check().ok()).isTrue();
    }
  }

  private static void produceSpans(WriterFixture fx, int requests) throws Exception {
    long t0 = System.currentTimeMillis() * 1_000_000L;
    try (KafkaProducer<byte[], byte[]> producer = fx.producer()) {
      for (int r = 0; r < requests; r++) {
        String trace = TestSpans.randomHex(16);
        io.opentelemetry.proto.trace.v1.Span[] spans = new io.opentelemetry.proto.trace.v1.Span[SPANS_PER_REQUEST];
        for (int s = 0; s < SPANS_PER_REQUEST; s++) {
          spans[s] = TestSpans.span(trace, TestSpans.randomHex(8), null, "op-" + s, t0 + s).build();
        }
        byte[] value = TestSpans.request(TestSpans.resource("agent-" + r, "agent", "h", 1000 + r, 0), spans)
            .toByteArray();
        producer.send(new ProducerRecord<>(fx.config.spansTopic(), trace.getBytes(), value));
      }
      producer.flush();
    }
  }

  /** Stands for the process dying at the worst moment: an Error, which the writer does not retry. */
  private static final class KilledForTest extends Error {
    private static final long serialVersionUID = 1L;
  }
}

package dev.wake.devstack.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueryTextTest {

  /** Records the largest single write besides the bytes. */
  private static final class RecordingStream extends ByteArrayOutputStream {
    int largestWrite;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      largestWrite = Math.max(largestWrite, len);
      super.write(b, off, len);
    }
  }

  @Test
  void writeTo_largeBody_writesEveryByteInBoundedChunks() throws Exception {
    byte[] body = new byte[3 * QueryText.WRITE_CHUNK + 123];
    new Random(7).nextBytes(body);
    QueryText text = new QueryText("INSERT INTO t FORMAT RowBinary", body);
    int dataStart = text.length() - body.length;
    RecordingStream out = new RecordingStream();

    text.writeTo(out, dataStart);

    assertThat(out.toByteArray()).isEqualTo(body);
    assertThat(out.largestWrite).isEqualTo(QueryText.WRITE_CHUNK);
  }

  @Test
  void writeTo_fromInsideTheQueryParameter_writesItsTailThenTheBody() throws Exception {
    byte[] body = "1\t2\n".getBytes(StandardCharsets.UTF_8);
    QueryText text = new QueryText("INSERT INTO t FORMAT TSV", body);
    RecordingStream out = new RecordingStream();

    text.writeTo(out, "INSERT INTO t FORMAT ".length());

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("TSV\n1\t2\n");
  }
}

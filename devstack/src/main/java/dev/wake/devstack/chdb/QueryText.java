package dev.wake.devstack.chdb;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;

/**
 * The text chDB runs for a request: the {@code query} URL parameter, a line feed, then the body,
 * as ClickHouse joins them (the body may be inline INSERT data in any format). As a
 * {@link CharSequence} it is a Latin-1 view, enough to find ASCII keywords, quotes and semicolons
 * without decoding binary data.
 */
final class QueryText implements CharSequence {
  /** The most bytes {@link #writeTo} hands its stream at once. */
  static final int WRITE_CHUNK = 1 << 16;

  private final byte[] head;
  private final byte[] body;
  private final int separator;

  QueryText(String queryParam, byte[] body) {
    this.head = queryParam == null ? new byte[0] : queryParam.getBytes(StandardCharsets.UTF_8);
    this.body = body;
    this.separator = head.length > 0 && body.length > 0 ? 1 : 0;
  }

  @Override
  public int length() {
    return head.length + separator + body.length;
  }

  @Override
  public char charAt(int index) {
    if (index < head.length) {
      return (char) (head[index] & 0xff);
    }
    if (index < head.length + separator) {
      return '\n';
    }
    return (char) (body[index - head.length - separator] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    StringBuilder out = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      out.append(charAt(i));
    }
    return out;
  }

  @Override
  public String toString() {
    return subSequence(0, length()).toString();
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive), copied. */
  byte[] bytes(int from, int to) {
    byte[] out = new byte[to - from];
    int written = 0;
    for (int i = from; i < to && i < head.length + separator; i++) {
      out[written++] = (byte) charAt(i);
    }
    int bodyFrom = Math.max(0, from - head.length - separator);
    int bodyTo = to - head.length - separator;
    if (bodyTo > bodyFrom) {
      System.arraycopy(body, bodyFrom, out, written, bodyTo - bodyFrom);
    }
    return out;
  }

  /**
   * Writes the bytes from {@code from} to the end to {@code out}, without copying the body, at
   * most {@value #WRITE_CHUNK} bytes per write: a channel's stream copies each write through a
   * direct buffer of its size, which the JDK then keeps per thread, so whole 40 MB insert bodies
   * written at once by the server's threads exhausted direct memory (an OutOfMemoryError, and the
   * client's connection dropped without an answer; seen in {@code ./wake bench writer}).
   */
  void writeTo(java.io.OutputStream out, int from) throws java.io.IOException {
    int bodyStart = head.length + separator;
    if (from < bodyStart) {
      out.write(bytes(from, bodyStart));
    }
    for (int at = Math.max(0, from - bodyStart); at < body.length; at += WRITE_CHUNK) {
      out.write(body, at, Math.min(WRITE_CHUNK, body.length - at));
    }
  }

  /** The whole text copied to native memory for chDB. */
  Memory toNative() {
    Memory memory = new Memory(Math.max(1, length()));
    memory.write(0, head, 0, head.length);
    if (separator == 1) {
      memory.setByte(head.length, (byte) '\n');
    }
    memory.write(head.length + separator, body, 0, body.length);
    return memory;
  }
}

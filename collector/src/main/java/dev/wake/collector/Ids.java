package dev.wake.collector;

import com.google.protobuf.ByteString;

/** OTLP trace and span ids: validity and the lowercase hex form used as Kafka keys. */
final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  /** 16 bytes, not all zero (OTLP spec, W3C trace context). */
  static boolean validTraceId(ByteString id) {
    return id.size() == 16 && !allZero(id);
  }

  /** 8 bytes, not all zero. */
  static boolean validSpanId(ByteString id) {
    return id.size() == 8 && !allZero(id);
  }

  private static boolean allZero(ByteString id) {
    for (int i = 0; i < id.size(); i++) {
      if (id.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  static String hex(ByteString id) {
    char[] out = new char[id.size() * 2];
    for (int i = 0; i < id.size(); i++) {
      int b = id.byteAt(i) & 0xff;
      out[2 * i] = HEX[b >>> 4];
      out[2 * i + 1] = HEX[b & 0xf];
    }
    return new String(out);
  }
}

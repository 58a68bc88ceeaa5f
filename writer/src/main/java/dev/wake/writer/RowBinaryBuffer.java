package dev.wake.writer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer of ClickHouse {@code RowBinary} primitives: little-endian fixed-width
 * numbers, unsigned LEB128 lengths, and strings as their UTF-8 bytes after their length. Not
 * thread-safe.
 */
final class RowBinaryBuffer {
  private byte[] buf;
  private int size;

  RowBinaryBuffer(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  /** The low {@code bytes} bytes of {@code value}, least significant first. */
  void fixed(long value, int bytes) {
    ensure(bytes);
    for (int i = 0; i < bytes; i++) {
      buf[size++] = (byte) (value >>> (8 * i));
    }
  }

  void float64(double value) {
    fixed(Double.doubleToLongBits(value), 8);
  }

  void float32(float value) {
    fixed(Float.floatToIntBits(value), 4);
  }

  /** {@code value} as an unsigned LEB128 varint: 7 bits a byte, low bits first, high bit set on all but the last. */
  void varint(long value) {
    ensure(10);
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      buf[size++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    buf[size++] = (byte) rest;
  }

  /** The UTF-8 bytes of {@code value} after their count; an unpaired surrogate becomes {@code ?}. */
  void string(String value) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      if (value.charAt(i) >= 0x80) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, size, utf8.length);
        size += utf8.length;
        return;
      }
    }
    varint(length);
    ensure(length);
    for (int i = 0; i < length; i++) {
      buf[size++] = (byte) value.charAt(i);
    }
  }

  int size() {
    return size;
  }

  /** Drops everything written after the first {@code newSize} bytes. */
  void truncate(int newSize) {
    if (newSize < 0 || newSize > size) {
      throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
    }
    size = newSize;
  }

  /** The first {@code length} bytes, copied. */
  byte[] toByteArray(int length) {
    return Arrays.copyOf(buf, length);
  }

  /** The first {@code length} bytes, without copying; valid until the next write. */
  InputStream stream(int length) {
    return new ByteArrayInputStream(buf, 0, length);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}

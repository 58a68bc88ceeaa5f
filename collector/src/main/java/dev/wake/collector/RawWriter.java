package dev.wake.collector;

import com.google.protobuf.WireFormat;
import java.util.Arrays;

/** A growable byte buffer that writes protobuf length-delimited fields from raw bytes. Not thread-safe. */
final class RawWriter {
  private byte[] buffer;
  private int size;

  RawWriter(int capacity) {
    buffer = new byte[capacity];
  }

  /** The tag of length-delimited field {@code number}. */
  static int lengthDelimitedTag(int number) {
    return (number << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  /** Bytes the varint encoding of {@code value} (unsigned) takes. */
  static int varintSize(int value) {
    int bytes = 1;
    while ((value & ~0x7f) != 0) {
      value >>>= 7;
      bytes++;
    }
    return bytes;
  }

  void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  /** Field {@code number} (length-delimited) whose content is {@code length} bytes of {@code bytes}. */
  void writeField(int number, byte[] bytes, int offset, int length) {
    writeVarint(lengthDelimitedTag(number));
    writeVarint(length);
    write(bytes, offset, length);
  }

  void writeField(int number, RawWriter content) {
    writeField(number, content.buffer, 0, content.size);
  }

  private void writeVarint(int value) {
    ensure(5);
    while ((value & ~0x7f) != 0) {
      buffer[size++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }
}

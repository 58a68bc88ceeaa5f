package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The RowBinary bytes of each supported type, computed by hand. */
class ColumnTypesTest {
  static final long T = 1_700_000_000_123_456_789L; // 0x17979CFE3D85CD15

  @Test
  void string_lengthsAroundVarintBoundaries_prefixOneTwoAndThreeBytes() {
    assertThat(encode("String", (t, out) -> t.string(out, "a".repeat(127)))).startsWith(hex("7f 61")).hasSize(128);
    assertThat(encode("String", (t, out) -> t.string(out, "a".repeat(128)))).startsWith(hex("80 01 61")).hasSize(130);
    assertThat(encode("String", (t, out) -> t.string(out, "a".repeat(16_384)))).startsWith(hex("80 80 01 61"))
        .hasSize(16_387);
    assertThat(encode("String", (t, out) -> t.string(out, ""))).isEqualTo(hex("00"));
  }

  @Test
  void string_nonAscii_countsUtf8Bytes() {
    assertThat(encode("String", (t, out) -> t.string(out, "é\"\n"))).isEqualTo(hex("04 c3 a9 22 0a"));
    assertThat(encode("LowCardinality(String)", (t, out) -> t.string(out, "ключ")))
        .isEqualTo(hex("08 d0 ba d0 bb d1 8e d1 87"));
  }

  @Test
  void integers_anyWidth_writeLittleEndianLowBytes() {
    assertThat(encode("Int32", (t, out) -> t.integer(out, -2))).isEqualTo(hex("fe ff ff ff"));
    assertThat(encode("Int8", (t, out) -> t.integer(out, -128))).isEqualTo(hex("80"));
    assertThat(encode("UInt8", (t, out) -> t.integer(out, 255))).isEqualTo(hex("ff"));
    assertThat(encode("UInt16", (t, out) -> t.integer(out, 1000))).isEqualTo(hex("e8 03"));
    assertThat(encode("Int16", (t, out) -> t.integer(out, -1000))).isEqualTo(hex("18 fc"));
    assertThat(encode("UInt32", (t, out) -> t.unsigned(out, 4_000_000_000L))).isEqualTo(hex("00 28 6b ee"));
    assertThat(encode("Int64", (t, out) -> t.integer(out, -2))).isEqualTo(hex("fe ff ff ff ff ff ff ff"));
    assertThat(encode("SimpleAggregateFunction(sum, UInt64)", (t, out) -> t.integer(out, 300)))
        .isEqualTo(hex("2c 01 00 00 00 00 00 00"));
  }

  @Test
  void uint64_unsignedAbove2To63_writesAllBits() {
    assertThat(encode("UInt64", (t, out) -> t.unsigned(out, Long.MIN_VALUE + 1)))
        .isEqualTo(hex("01 00 00 00 00 00 00 80"));
    assertThat(encode("UInt64", (t, out) -> t.unsigned(out, -1L))).isEqualTo(hex("ff ff ff ff ff ff ff ff"));
  }

  @Test
  void bool_zeroAndNonZero_writeOneByte() {
    assertThat(encode("Bool", (t, out) -> t.integer(out, 1))).isEqualTo(hex("01"));
    assertThat(encode("Boolean", (t, out) -> t.integer(out, 0))).isEqualTo(hex("00"));
    assertThat(encode("Bool", (t, out) -> t.integer(out, 7))).isEqualTo(hex("01"));
  }

  @Test
  void floats_writeIeee754LittleEndian() {
    assertThat(encode("Float64", (t, out) -> t.float64(out, 1.5))).isEqualTo(hex("00 00 00 00 00 00 f8 3f"));
    assertThat(encode("Float32", (t, out) -> t.float64(out, 1.5))).isEqualTo(hex("00 00 c0 3f"));
    assertThat(encode("Float64", (t, out) -> t.float64(out, Double.NaN))).isEqualTo(hex("00 00 00 00 00 00 f8 7f"));
    assertThat(encode("Float64", (t, out) -> t.integer(out, 7))).isEqualTo(hex("00 00 00 00 00 00 1c 40"));
  }

  @Test
  void dateTime_seconds_writeUInt32() {
    assertThat(encode("DateTime", (t, out) -> t.integer(out, 1_700_000_000))).isEqualTo(hex("00 f1 53 65"));
    assertThat(encode("DateTime('UTC')", (t, out) -> t.unsigned(out, 1_700_000_000))).isEqualTo(hex("00 f1 53 65"));
  }

  @Test
  void dateTime64_nanos_writeInt64OfItsPrecision() {
    assertThat(encode("DateTime64(9)", (t, out) -> t.nanos(out, T))).isEqualTo(hex("15 cd 85 3d fe 9c 97 17"));
    assertThat(encode("DateTime64(3, 'UTC')", (t, out) -> t.nanos(out, T))).isEqualTo(hex("7b 68 e5 cf 8b 01 00 00"));
    assertThat(encode("SimpleAggregateFunction(min, DateTime64(9))", (t, out) -> t.nanos(out, T)))
        .isEqualTo(hex("15 cd 85 3d fe 9c 97 17"));
  }

  @Test
  void dateTime64_unsetOrPast2To63_isTheEpoch() {
    assertThat(encode("DateTime64(9)", (t, out) -> t.nanos(out, 0))).isEqualTo(new byte[8]);
    assertThat(encode("DateTime64(9)", (t, out) -> t.nanos(out, -1))).isEqualTo(new byte[8]);
    assertThat(encode("DateTime64(9)", (t, out) -> t.nanos(out, Long.MIN_VALUE))).isEqualTo(new byte[8]);
  }

  @Test
  void enums_name_writesItsCode() {
    assertThat(encode("Enum8('up' = 1, 'down' = 2)", (t, out) -> t.string(out, "down"))).isEqualTo(hex("02"));
    assertThat(encode("Enum16('a' = 1000, 'b, c' = -1000)", (t, out) -> t.string(out, "b, c")))
        .isEqualTo(hex("18 fc"));
    assertThatThrownBy(() -> encode("Enum8('up' = 1, 'down' = 2)", (t, out) -> t.string(out, "sideways")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("db.t.c").hasMessageContaining("'sideways'");
  }

  @Test
  void map_entries_writeCountThenKeysAndValues() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("k", "v");
    map.put("é", "");
    assertThat(encode("Map(LowCardinality(String), String)", (t, out) -> t.map(out, map)))
        .isEqualTo(hex("02 01 6b 01 76 02 c3 a9 00"));
    assertThat(encode("Map(String, String)", (t, out) -> t.map(out, Map.of()))).isEqualTo(hex("00"));
  }

  @Test
  void array_element_isTheInnerType() {
    ColumnType type = ColumnTypes.parse("db.t.c", "Array(Map(LowCardinality(String), String))");
    RowBinaryBuffer out = new RowBinaryBuffer(16);
    type.element().map(out, Map.of("a", "b"));

    assertThat(out.toByteArray(out.size())).isEqualTo(hex("01 01 61 01 62"));
    assertThat(ColumnTypes.parse("db.t.c", "Array(DateTime64(9))").element().type).isEqualTo("DateTime64(9)");
  }

  @Test
  void parse_unsupportedType_namesColumnAndType() {
    for (String type : new String[] {"Nullable(String)", "Decimal(10, 2)", "Map(UInt64, String)", "DateTime64(12)",
        "Array(Nullable(String))", "UInt8(3)", "Enum8(1)", "Tuple(String, UInt8)"}) {
      assertThatThrownBy(() -> ColumnTypes.parse("db.t.c", type)).as(type)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("db.t.c").hasMessageContaining(type);
    }
  }

  @Test
  void wrongMethodForType_throwsNamingColumnAndType() {
    assertThatThrownBy(() -> encode("UInt8", (t, out) -> t.string(out, "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("db.t.c is UInt8: it cannot take a string");
    assertThatThrownBy(() -> encode("String", (t, out) -> t.element()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot take an array");
    assertThatThrownBy(() -> encode("DateTime64(9)", (t, out) -> t.integer(out, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot take an integer");
  }

  static byte[] encode(String type, BiConsumer<ColumnType, RowBinaryBuffer> write) {
    RowBinaryBuffer out = new RowBinaryBuffer(4);
    write.accept(ColumnTypes.parse("db.t.c", type), out);
    return out.toByteArray(out.size());
  }

  static byte[] hex(String bytes) {
    return HexFormat.ofDelimiter(" ").parseHex(bytes);
  }
}

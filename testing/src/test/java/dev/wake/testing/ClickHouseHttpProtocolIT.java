package dev.wake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ClickHouse's HTTP interface, spoken with a bare {@link HttpClient}: what every ClickHouse client
 * relies on, beyond what the JDBC driver happens to use.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class ClickHouseHttpProtocolIT {
  /** More requests than the server has pooled connections, so a follow-up reuses every one. */
  private static final int EVERY_CONNECTION = 8;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void ping_get_answersOk(TestClickHouse ch) throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/ping")).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Ok.\n");
  }

  @Test
  void query_inUrlParamOrPostBody_runs(TestClickHouse ch) throws Exception {
    assertOk(send(authed(ch, uri(ch, "query", "SELECT 40 + 2")).build()), "42\n");
    assertOk(send(authed(ch, uri(ch)).POST(BodyPublishers.ofString("SELECT 'body'")).build()), "body\n");
  }

  @Test
  void database_paramOrHeader_selectsDatabase(TestClickHouse ch) throws Exception {
    assertOk(post(ch, "SELECT currentDatabase()"), ch.database() + "\n");
    HttpRequest byHeader = authed(ch, uri(ch, "query", "SELECT currentDatabase()", "database", null))
        .header("X-ClickHouse-Database", ch.database()).build();
    assertOk(send(byHeader), ch.database() + "\n");
  }

  @Test
  void format_paramOrHeader_selectsOutputFormat(TestClickHouse ch) throws Exception {
    HttpResponse<String> byParam = post(ch, "SELECT 1 AS x, 'a' AS y", "default_format", "JSONEachRow");
    assertOk(byParam, "{\"x\":1,\"y\":\"a\"}\n");
    assertThat(byParam.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    HttpRequest byHeader = authed(ch, uri(ch)).header("X-ClickHouse-Format", "JSONEachRow")
        .POST(BodyPublishers.ofString("SELECT 2 AS x")).build();
    assertOk(send(byHeader), "{\"x\":2}\n");
  }

  @Test
  void queryId_given_isEchoedInHeader(TestClickHouse ch) throws Exception {
    HttpResponse<String> response = post(ch, "SELECT 1", "query_id", "wake-query-7");
    assertOk(response, "1\n");
    assertThat(response.headers().firstValue("X-ClickHouse-Query-Id")).hasValue("wake-query-7");
  }

  @Test
  void typedParams_boundServerSide_neverInjected(TestClickHouse ch) throws Exception {
    assertOk(post(ch, "SELECT {x:UInt64} + 1", "param_x", "18446744073709551614"), "18446744073709551615\n");
    ch.execute("CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    ch.execute("INSERT INTO people VALUES (1, 'O''Hara'), (2, 'Bob')");
    String byName = "SELECT id FROM people WHERE name = {name:String} ORDER BY id";
    assertOk(post(ch, byName, "param_name", "O'Hara"), "1\n");
    assertOk(post(ch, byName, "param_name", "x' OR 1=1 --"), "");
    // As in ClickHouse, a parameter value is escaped TSV-style: a backslash is sent doubled.
    assertOk(post(ch, "SELECT {s:String}", "param_s", "a'b\"c`d\\\\e", "default_format", "TSVRaw"), "a'b\"c`d\\e\n");
  }

  @Test
  void settingParam_appliesToItsRequestOnly(TestClickHouse ch) throws Exception {
    String twoRows = "SELECT number FROM system.numbers LIMIT 2";
    HttpResponse<String> limited = post(ch, twoRows, "max_result_rows", "1", "result_overflow_mode", "throw");
    assertError(limited, 500, 396);
    for (int i = 0; i < EVERY_CONNECTION; i++) {
      assertOk(post(ch, twoRows), "0\n1\n");
    }
  }

  @Test
  void credentials_everyWayClickHouseAccepts_work(TestClickHouse ch) throws Exception {
    assertOk(post(ch, "SELECT 'basic'"), "basic\n");
    HttpRequest byHeaders = HttpRequest.newBuilder(uri(ch, "query", "SELECT 'headers'"))
        .header("X-ClickHouse-User", ch.user()).header("X-ClickHouse-Key", ch.password()).build();
    assertOk(send(byHeaders), "headers\n");
    HttpRequest byParams = HttpRequest.newBuilder(
        uri(ch, "query", "SELECT 'params'", "user", ch.user(), "password", ch.password())).build();
    assertOk(send(byParams), "params\n");
  }

  @Test
  void credentials_wrongPassword_get403WithCode516(TestClickHouse ch) throws Exception {
    String wrong = ch.password() + "-wrong";
    String basic = Base64.getEncoder().encodeToString((ch.user() + ":" + wrong).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> byBasic = send(HttpRequest.newBuilder(uri(ch, "query", "SELECT 1"))
        .header("Authorization", "Basic " + basic).build());
    assertError(byBasic, 403, 516);
    HttpResponse<String> byHeaders = send(HttpRequest.newBuilder(uri(ch, "query", "SELECT 1"))
        .header("X-ClickHouse-User", ch.user()).header("X-ClickHouse-Key", wrong).build());
    assertError(byHeaders, 403, 516);
    HttpResponse<String> byParams = send(HttpRequest.newBuilder(
        uri(ch, "query", "SELECT 1", "user", ch.user(), "password", wrong)).build());
    assertError(byParams, 403, 516);
  }

  @Test
  void sqlError_get500WithCodeHeaderAndClickHouseText(TestClickHouse ch) throws Exception {
    HttpResponse<String> response = post(ch, "SELECT throwIf(1, 'wake test failure')");
    assertError(response, 500, 395);
    assertThat(response.body()).startsWith("Code: 395. DB::Exception:").contains("wake test failure");
  }

  @Test
  void insert_summaryHeader_countsWrittenRows(TestClickHouse ch) throws Exception {
    ch.execute("CREATE TABLE summary (x UInt32) ENGINE = MergeTree ORDER BY x");
    HttpResponse<String> response = post(ch, "INSERT INTO summary VALUES (1), (2), (3)");
    assertOk(response, "");
    assertThat(response.headers().firstValue("X-ClickHouse-Summary"))
        .hasValueSatisfying(s -> assertThat(s).contains("\"written_rows\":\"3\""));
  }

  @Test
  void binaryInsertData_withBlankLines_arrivesWhole(TestClickHouse ch) throws Exception {
    ch.execute("CREATE TABLE rb_in (n UInt64, s String) ENGINE = MergeTree ORDER BY n");
    // UInt64 0x0A0A (two line feeds in a row), a string of blank lines, then a second row:
    // clickhouse-local (chDB) ends inline INSERT data at an empty line; a server takes it whole.
    byte[] rows = {0x0A, 0x0A, 0, 0, 0, 0, 0, 0, 3, '\n', '\n', '\n', 1, 0, 0, 0, 0, 0, 0, 0, 0};
    HttpRequest inUrl = authed(ch, uri(ch, "query", "INSERT INTO rb_in (n, s) FORMAT RowBinary"))
        .POST(BodyPublishers.ofByteArray(rows)).build();
    assertOk(send(inUrl), "");
    byte[] inBody = new byte[rows.length + 40];
    byte[] head = "INSERT INTO rb_in FORMAT RowBinary\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, inBody, 0, head.length);
    System.arraycopy(rows, 0, inBody, head.length, rows.length);
    assertOk(send(authed(ch, uri(ch)).POST(BodyPublishers.ofByteArray(
        java.util.Arrays.copyOf(inBody, head.length + rows.length))).build()), "");
    assertOk(post(ch, "SELECT n, length(s), countIf(s = '\n\n\n') FROM rb_in GROUP BY n, s ORDER BY n"),
        "1\t0\t0\n2570\t3\t2\n");
  }

  @Test
  void gzipRequestBody_insertDataInBody_arrives(TestClickHouse ch) throws Exception {
    ch.execute("CREATE TABLE gz_in (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    StringBuilder tsv = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      tsv.append(i).append("\tname-").append(i).append('\n');
    }
    HttpRequest request = authed(ch, uri(ch, "query", "INSERT INTO gz_in FORMAT TSV"))
        .header("Content-Encoding", "gzip")
        .POST(BodyPublishers.ofByteArray(gzip(tsv.toString().getBytes(StandardCharsets.UTF_8)))).build();
    assertOk(send(request), "");
    assertOk(post(ch, "SELECT count(), sum(id), max(name) FROM gz_in"), "1000\t499500\tname-999\n");
  }

  @Test
  void gzipResponse_whenEnabledAndAccepted_isCompressed(TestClickHouse ch) throws Exception {
    HttpRequest request = authed(ch, uri(ch, "enable_http_compression", "1"))
        .header("Accept-Encoding", "gzip")
        .POST(BodyPublishers.ofString("SELECT number FROM system.numbers LIMIT 10000")).build();
    HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String text = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(10_000).startsWith("0", "1").endsWith("9999");
  }

  @Test
  void compressParam_nativeLz4_refusedWithClearError(TestClickHouse ch) throws Exception {
    assumeThat(System.getenv("WAKE_CLICKHOUSE_URL")).as("only the embedded server lacks LZ4 framing").isNull();
    HttpResponse<String> response = post(ch, "SELECT 1", "compress", "1");
    assertThat(response.statusCode()).isBetween(400, 499);
    assertThat(response.body()).contains("compress=1").contains("compress=false");
  }

  @Test
  void multiStatement_refused_butTrailingSemicolonWorks(TestClickHouse ch) throws Exception {
    assertError(post(ch, "SELECT 1; SELECT 2"), 400, 62);
    assertOk(post(ch, "SELECT 1;"), "1\n");
    assertOk(post(ch, "SELECT ';' -- a comment; not a statement\n;"), ";\n");
  }

  @Test
  void getInsert_refusedAsReadonly_andConnectionsStayWritable(TestClickHouse ch) throws Exception {
    ch.execute("CREATE TABLE via_get (x UInt32) ENGINE = MergeTree ORDER BY x");
    assertError(send(authed(ch, uri(ch, "query", "INSERT INTO via_get VALUES (1)")).build()), 500, 164);
    for (int i = 0; i < EVERY_CONNECTION; i++) {
      assertOk(post(ch, "INSERT INTO via_get VALUES (" + i + ")"), "");
    }
    assertOk(post(ch, "SELECT count() FROM via_get"), EVERY_CONNECTION + "\n");
  }

  @Test
  void readonlyParam_refusesInsert_andDoesNotLeak(TestClickHouse ch) throws Exception {
    ch.execute("CREATE TABLE ro (x UInt32) ENGINE = MergeTree ORDER BY x");
    assertError(post(ch, "INSERT INTO ro VALUES (1)", "readonly", "1"), 500, 164);
    for (int i = 0; i < EVERY_CONNECTION; i++) {
      assertOk(post(ch, "INSERT INTO ro VALUES (" + i + ")"), "");
    }
    assertOk(post(ch, "SELECT count() FROM ro"), EVERY_CONNECTION + "\n");
  }

  /** POSTs {@code sql} as the body, in this class's database, with Basic auth and more URL params. */
  private HttpResponse<String> post(TestClickHouse ch, String sql, String... params) throws Exception {
    return send(authed(ch, uri(ch, params)).POST(BodyPublishers.ofString(sql)).build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, BodyHandlers.ofString());
  }

  private static HttpRequest.Builder authed(TestClickHouse ch, URI uri) {
    String basic = ch.user() + ":" + ch.password();
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code /?database=<class db>&name=value...}; a null value drops that parameter. */
  private static URI uri(TestClickHouse ch, String... params) {
    StringJoiner query = new StringJoiner("&", ch.httpUrl() + "/?", "");
    boolean database = true;
    for (int i = 0; i < params.length; i += 2) {
      database &= !params[i].equals("database");
      if (params[i + 1] != null) {
        query.add(params[i] + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
      }
    }
    if (database) {
      query.add("database=" + ch.database());
    }
    return URI.create(query.toString());
  }

  private static void assertOk(HttpResponse<String> response, String body) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(body);
  }

  private static void assertError(HttpResponse<String> response, int status, int code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue(Integer.toString(code));
    assertThat(response.body()).startsWith("Code: " + code + ". DB::Exception:");
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

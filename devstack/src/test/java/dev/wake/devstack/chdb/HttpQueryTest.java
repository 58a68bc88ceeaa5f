package dev.wake.devstack.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpQueryTest {

  @Test
  void parse_urlParameters_splitIntoProtocolParamsAndSettings() {
    HttpQuery q = HttpQuery.parse("POST",
        URI.create("/?query=SELECT%20%7Bx%3AUInt8%7D&database=wake&default_format=JSONEachRow&query_id=q1"
            + "&param_x=7&max_threads=2&wait_end_of_query=1&compress=0"),
        new Headers());
    assertThat(q.queryParam()).isEqualTo("SELECT {x:UInt8}");
    assertThat(q.database()).isEqualTo("wake");
    assertThat(q.format()).isEqualTo("JSONEachRow");
    assertThat(q.queryId()).isEqualTo("q1");
    assertThat(q.params()).isEqualTo(Map.of("x", "7"));
    assertThat(q.settings()).isEqualTo(Map.of("max_threads", "2"));
    assertThat(q.unsupported()).isNull();
  }

  @Test
  void parse_get_isReadOnlyLikeClickHouse() {
    HttpQuery q = HttpQuery.parse("GET", URI.create("/?query=SELECT%201"), new Headers());
    assertThat(q.settings()).containsEntry("readonly", "2");
  }

  @Test
  void parse_headers_giveDatabaseFormatAndBasicCredentials() {
    Headers headers = new Headers();
    headers.add("X-ClickHouse-Database", "d1");
    headers.add("X-ClickHouse-Format", "CSV");
    headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:s3:cret".getBytes()));
    HttpQuery q = HttpQuery.parse("POST", URI.create("/"), headers);
    assertThat(q.database()).isEqualTo("d1");
    assertThat(q.format()).isEqualTo("CSV");
    assertThat(q.user()).isEqualTo("alice");
    assertThat(q.password()).isEqualTo("s3:cret");
  }

  @Test
  void parse_lz4FramingOrSessions_areNamedAsUnsupported() {
    assertThat(HttpQuery.parse("POST", URI.create("/?compress=1"), new Headers()).unsupported())
        .contains("compress=1");
    assertThat(HttpQuery.parse("POST", URI.create("/?session_id=abc"), new Headers()).unsupported())
        .contains("session_id");
  }
}

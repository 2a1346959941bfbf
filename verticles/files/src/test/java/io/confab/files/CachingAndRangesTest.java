package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CachingAndRangesTest extends FilesTestBase {

  private HttpResponse<Buffer> get(User user, String path, String header, String value) {
    return http.get(path).putHeader("Authorization", "Bearer " + user.token()).putHeader(header, value).send().await();
  }

  @Test
  @DisplayName("If-None-Match with the file's ETag answers 304 without a body")
  void theETagAnswers304() {
    User alice = user("Alice");
    String fileId = uploadedPng(alice);
    String etag = download(alice, "/files/" + fileId).getHeader("ETag");

    HttpResponse<Buffer> again = get(alice, "/files/" + fileId, "If-None-Match", etag);

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();
    assertThat(again.getHeader("ETag")).isEqualTo(etag);
  }

  @Test
  @DisplayName("If-None-Match with another ETag answers the whole file")
  void anotherETagAnswers200() {
    User alice = user("Alice");
    String fileId = uploadedPng(alice);

    assertThat(get(alice, "/files/" + fileId, "If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a byte range answers 206 with exactly those bytes and their Content-Range")
  void aRangeAnswers206() {
    User alice = user("Alice");
    byte[] text = new byte[300_000];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + i % 26);
    }
    String fileId = uploaded(alice, "alphabet.txt", Buffer.buffer(text), "text/plain").getString("fileId");

    HttpResponse<Buffer> part = http.get("/files/" + fileId).putHeader("Authorization", "Bearer " + alice.token())
        .putHeader("Range", "bytes=261000-262143").putHeader("Accept-Encoding", "gzip").send().await();

    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.getHeader("Content-Encoding")).as("a range is of the bytes as stored, never compressed").isNull();
    assertThat(part.getHeader("Content-Range")).isEqualTo("bytes 261000-262143/300000");
    assertThat(part.getHeader("Content-Length")).isEqualTo("1144");
    assertThat(part.body().getBytes()).isEqualTo(java.util.Arrays.copyOfRange(text, 261000, 262144));
  }

  @Test
  @DisplayName("a suffix range answers the file's last bytes")
  void aSuffixRangeAnswersTheEnd() {
    User alice = user("Alice");
    String fileId = uploaded(alice, "note.txt", Buffer.buffer("0123456789"), "text/plain").getString("fileId");

    HttpResponse<Buffer> part = get(alice, "/files/" + fileId, "Range", "bytes=-3");

    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.bodyAsString()).isEqualTo("789");
  }

  @Test
  @DisplayName("a range past the end answers 416 with the file's size")
  void aRangePastTheEndIs416() {
    User alice = user("Alice");
    String fileId = uploaded(alice, "note.txt", Buffer.buffer("0123456789"), "text/plain").getString("fileId");

    HttpResponse<Buffer> part = get(alice, "/files/" + fileId, "Range", "bytes=10-");

    assertThat(part.statusCode()).isEqualTo(416);
    assertThat(part.getHeader("Content-Range")).isEqualTo("bytes */10");
  }

  @Test
  @DisplayName("a stranger's range or ETag request gets the same 404 as any other")
  void aStrangersConditionalRequestIs404() {
    User alice = user("Alice");
    User mallory = user("Mallory");
    String fileId = uploadedPng(alice);

    assertError(get(mallory, "/files/" + fileId, "If-None-Match", "*"), 404, "not_found");
    assertError(get(mallory, "/files/" + fileId, "Range", "bytes=0-1"), 404, "not_found");
  }
}

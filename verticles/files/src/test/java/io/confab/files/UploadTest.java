package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UploadTest extends FilesTestBase {

  @Test
  @DisplayName("a PNG upload answers 201 with the detected type, its size and a URL")
  void aPngUploadAnswers201WithItsType() {
    User alice = user("Alice");
    Buffer bytes = png();

    JsonObject answer = uploaded(alice, "cat.png", bytes, "image/png");

    assertThat(answer.getString("fileId")).isNotBlank();
    assertThat(answer.getString("contentType")).isEqualTo("image/png");
    assertThat(answer.getLong("size")).isEqualTo(bytes.length());
    assertThat(answer.getString("url")).startsWith("/files/" + answer.getString("fileId") + "?");
    assertThat(count(FileStore.COLLECTION)).isEqualTo(1);
  }

  @Test
  @DisplayName("the uploader downloads the same bytes with the stored type, length, nosniff, disposition, cache and ETag headers")
  void theUploaderDownloadsTheSameBytesWithTheHeaders() throws Exception {
    User alice = user("Alice");
    Buffer bytes = png();
    String fileId = uploaded(alice, "my cat.png", bytes, "application/octet-stream").getString("fileId");

    HttpResponse<Buffer> got = download(alice, "/files/" + fileId);

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body().getBytes()).isEqualTo(bytes.getBytes());
    assertThat(got.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(got.getHeader("Content-Length")).isEqualTo(String.valueOf(bytes.length()));
    assertThat(got.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(got.getHeader("Content-Disposition")).startsWith("inline; filename=\"my cat.png\"");
    assertThat(got.getHeader("Cache-Control")).contains("private");
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
    assertThat(got.getHeader("ETag")).isEqualTo("\"" + sha256 + "\"");
  }

  @Test
  @DisplayName("a text file named .png and declared image/png is stored as text/plain and downloaded as an attachment")
  void contentWinsOverTheNameAndTheDeclaredType() {
    User alice = user("Alice");

    JsonObject answer = uploaded(alice, "notes.png", Buffer.buffer("Meeting at ten.\nBring the slides.\n", "UTF-8"), "image/png");

    assertThat(answer.getString("contentType")).isEqualTo("text/plain");
    HttpResponse<Buffer> got = download(alice, "/files/" + answer.getString("fileId"));
    assertThat(got.getHeader("Content-Type")).isEqualTo("text/plain");
    assertThat(got.getHeader("Content-Disposition")).startsWith("attachment; filename=\"notes.txt\"");
  }

  @Test
  @DisplayName("a PNG named .pdf and declared application/pdf is stored as image/png, named .png and shown inline")
  void aPngNamedPdfIsStoredAsAPng() {
    User alice = user("Alice");
    Buffer bytes = png();

    JsonObject answer = uploaded(alice, "report.pdf", bytes, "application/pdf");

    assertThat(answer.getString("contentType")).isEqualTo("image/png");
    HttpResponse<Buffer> got = download(alice, "/files/" + answer.getString("fileId"));
    assertThat(got.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(got.getHeader("Content-Disposition")).startsWith("inline; filename=\"report.png\"");
    assertThat(got.body().getBytes()).isEqualTo(bytes.getBytes());
  }

  @Test
  @DisplayName("a ZIP archive named .png is refused with 415 unsupported_type and nothing is stored")
  void aZipIsRefused() throws IOException {
    User alice = user("Alice");
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(zip)) {
      out.putNextEntry(new ZipEntry("inside.txt"));
      out.write("hello".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }

    assertError(upload(alice, "holiday.png", Buffer.buffer(zip.toByteArray()), "image/png"), 415, "unsupported_type");
    assertThat(count(FileStore.COLLECTION)).isZero();
    assertThat(count(FileStore.BUCKET + ".files")).isZero();
  }

  @Test
  @DisplayName("an ELF executable named .png is refused with 415 unsupported_type")
  void anExecutableIsRefused() {
    User alice = user("Alice");
    Buffer elf = Buffer.buffer(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0})
        .appendBuffer(Buffer.buffer(new byte[4096]));

    assertError(upload(alice, "photo.png", elf, "image/png"), 415, "unsupported_type");
    assertThat(count(FileStore.COLLECTION)).isZero();
  }

  @Test
  @DisplayName("10 MiB and one byte is refused with 413 too_large, and neither GridFS nor the spool keeps anything")
  void oneByteOverTheLimitIs413AndNothingIsStored() throws Exception {
    User alice = user("Alice");
    Buffer tooLarge = Buffer.buffer(new byte[(int) Limits.UPLOAD_MAX_BYTES + 1]);

    assertError(upload(alice, "big.txt", tooLarge, "text/plain"), 413, "too_large");

    assertNothingKept();
  }

  /** Neither the files collection nor GridFS holds anything, and the spool empties. */
  private void assertNothingKept() {
    assertThat(count(FileStore.COLLECTION)).isZero();
    assertThat(count(FileStore.BUCKET + ".files")).isZero();
    assertThat(count(FileStore.BUCKET + ".chunks")).isZero();
    Eventually.until(() -> spooled() == 0, Duration.ofSeconds(5), "the spool empty");
  }

  @Test
  @DisplayName("a body whose Content-Length is past the limit is refused with 413 before it is read")
  void aDeclaredLengthPastTheLimitIs413() {
    User alice = user("Alice");
    Buffer body = Buffer.buffer(new byte[(int) (Limits.UPLOAD_MAX_BYTES + Uploads.FRAMING_BYTES + 1)]);

    HttpResponse<Buffer> answer = http.post("/api/v1/uploads").putHeader("Authorization", "Bearer " + alice.token())
        .putHeader("Content-Type", "multipart/form-data; boundary=xyz").sendBuffer(body).await();

    assertError(answer, 413, "too_large");
    assertThat(spooled()).isZero();
  }

  @Test
  @DisplayName("exactly 10 MiB is accepted")
  void exactlyTheLimitIsAccepted() {
    User alice = user("Alice");
    byte[] text = new byte[(int) Limits.UPLOAD_MAX_BYTES];
    java.util.Arrays.fill(text, (byte) 'a');

    JsonObject answer = uploaded(alice, "long.txt", Buffer.buffer(text), "text/plain");

    assertThat(answer.getLong("size")).isEqualTo(Limits.UPLOAD_MAX_BYTES);
    assertThat(spooled()).isZero();
  }

  @Test
  @DisplayName("an upload without a token is refused with 401 unauthorized")
  void anUploadWithoutATokenIs401() {
    HttpResponse<Buffer> answer = http.post("/api/v1/uploads")
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "cat.png", png(), "image/png")).await();

    assertError(answer, 401, "unauthorized");
    assertThat(count(FileStore.COLLECTION)).isZero();
  }

  @Test
  @DisplayName("a multipart body without a file field is refused with 400 invalid_request")
  void aBodyWithoutTheFileFieldIs400() {
    User alice = user("Alice");
    HttpResponse<Buffer> answer = http.post("/api/v1/uploads").putHeader("Authorization", "Bearer " + alice.token())
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("picture", "cat.png", png(), "image/png")).await();

    assertError(answer, 400, "invalid_request");
  }

  @Test
  @DisplayName("a file part cut short (the body ends before its closing boundary) is refused with 400 and nothing is stored")
  void aPartCutShortIs400AndNothingIsStored() throws Exception {
    User alice = user("Alice");
    Buffer body = Buffer.buffer("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\n").appendBuffer(Buffer.buffer("some text, then the body stops".repeat(2_000)));
    HttpResponse<Buffer> answer = http.post("/api/v1/uploads").putHeader("Authorization", "Bearer " + alice.token())
        .putHeader("Content-Type", "multipart/form-data; boundary=cut").sendBuffer(body).await();

    assertError(answer, 400, "invalid_request");
    assertNothingKept();
  }

  @Test
  @DisplayName("ten uploads of 10 MiB at once, each part paused while the spool catches up, are all accepted")
  void uploadsPausedForTheSpoolAreAccepted() {
    User alice = user("Alice");
    Buffer bytes = Buffer.buffer("x".repeat((int) Limits.UPLOAD_MAX_BYTES));
    List<HttpResponse<Buffer>> answers = io.vertx.core.Future.all(java.util.stream.IntStream.range(0, 10)
        .mapToObj(i -> http.post("/api/v1/uploads").putHeader("Authorization", "Bearer " + alice.token())
            .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "big" + i + ".txt", bytes, "text/plain")))
        .toList()).await().list();

    assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201);
  }
}

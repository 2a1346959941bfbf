package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThumbnailTest extends FilesTestBase {

  private static BufferedImage decode(HttpResponse<Buffer> response) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
  }

  @Test
  @DisplayName("a PNG gets a PNG thumbnail whose longest side is 320 px, at the URL the upload answers")
  void aPngGetsAThumbnail() throws IOException {
    User alice = user("Alice");
    JsonObject answer = uploaded(alice, "wide.png", picture("png", 800, 400), "image/png");

    HttpResponse<Buffer> thumbnail = fetch(answer.getString("thumbnailUrl"));

    assertThat(thumbnail.statusCode()).isEqualTo(200);
    assertThat(thumbnail.getHeader("Content-Type")).isEqualTo("image/png");
    BufferedImage image = decode(thumbnail);
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(160);
  }

  @Test
  @DisplayName("a JPEG gets a JPEG thumbnail whose longest side is 320 px")
  void aJpegGetsAThumbnail() throws IOException {
    User alice = user("Alice");
    JsonObject answer = uploaded(alice, "tall.jpg", picture("jpeg", 400, 1000), "image/jpeg");

    HttpResponse<Buffer> thumbnail = download(alice, "/files/" + answer.getString("fileId") + "/thumbnail");

    assertThat(thumbnail.getHeader("Content-Type")).isEqualTo("image/jpeg");
    BufferedImage image = decode(thumbnail);
    assertThat(image.getHeight()).isEqualTo(320);
    assertThat(image.getWidth()).isEqualTo(128);
  }

  @Test
  @DisplayName("a picture smaller than 320 px is never enlarged: its thumbnail keeps its size")
  void aSmallPictureIsNotEnlarged() throws IOException {
    User alice = user("Alice");
    JsonObject answer = uploaded(alice, "icon.gif", picture("gif", 40, 30), "image/gif");

    HttpResponse<Buffer> thumbnail = fetch(answer.getString("thumbnailUrl"));

    assertThat(answer.getString("contentType")).isEqualTo("image/gif");
    BufferedImage image = decode(thumbnail);
    assertThat(image.getWidth()).isEqualTo(40);
    assertThat(image.getHeight()).isEqualTo(30);
  }

  @Test
  @DisplayName("a PDF is accepted as an attachment and gets no thumbnail")
  void aPdfGetsNoThumbnail() {
    User alice = user("Alice");
    Buffer pdf = Buffer.buffer("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", StandardCharsets.US_ASCII.name());

    JsonObject answer = uploaded(alice, "report.pdf", pdf, "application/pdf");

    assertThat(answer.getString("contentType")).isEqualTo("application/pdf");
    assertThat(answer.containsKey("thumbnailUrl")).isFalse();
    assertError(download(alice, "/files/" + answer.getString("fileId") + "/thumbnail"), 404, "not_found");
    assertThat(download(alice, "/files/" + answer.getString("fileId")).getHeader("Content-Disposition")).startsWith("attachment;");
  }

  @Test
  @DisplayName("a JPEG whose EXIF says to turn it (orientation 6, as phones write) gets an upright thumbnail: width and height swapped")
  void aJpegIsTurnedUprightByItsExifOrientation() throws IOException {
    User alice = user("Alice");
    Buffer sideways = TestPictures.withExifOrientation(picture("jpeg", 800, 400), 6);
    JsonObject answer = uploaded(alice, "phone.jpg", sideways, "image/jpeg");

    BufferedImage image = decode(fetch(answer.getString("thumbnailUrl")));

    assertThat(answer.getString("contentType")).isEqualTo("image/jpeg");
    assertThat(image.getWidth()).isEqualTo(160);
    assertThat(image.getHeight()).isEqualTo(320);
  }

  @Test
  @DisplayName("a CMYK JPEG with a print profile the JDK cannot read gets a thumbnail in the colour of its ink")
  void aCmykJpegGetsAThumbnail() throws IOException {
    User alice = user("Alice");
    JsonObject answer = uploaded(alice, "print.jpg", TestPictures.cmykJpeg(400, 200), "image/jpeg");

    assertThat(answer.getString("thumbnailUrl")).as("thumbnailUrl of %s", answer).isNotNull();
    BufferedImage image = decode(fetch(answer.getString("thumbnailUrl")));

    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(160);
    Color middle = new Color(image.getRGB(160, 80));
    // Cyan ink alone.
    assertThat(middle.getRed()).as("red of %s", middle).isLessThan(80);
    assertThat(middle.getGreen()).as("green of %s", middle).isGreaterThan(150);
    assertThat(middle.getBlue()).as("blue of %s", middle).isGreaterThan(180);
  }

  @Test
  @DisplayName("a WebP gets a PNG thumbnail whose longest side is 320 px")
  void aWebpGetsAThumbnail() throws IOException {
    User alice = user("Alice");
    JsonObject answer = uploaded(alice, "sticker.bin", TestPictures.webp(), "application/octet-stream");

    assertThat(answer.getString("thumbnailUrl")).as("thumbnailUrl of %s", answer).isNotNull();
    HttpResponse<Buffer> thumbnail = fetch(answer.getString("thumbnailUrl"));

    assertThat(answer.getString("contentType")).isEqualTo("image/webp");
    assertThat(thumbnail.getHeader("Content-Type")).isEqualTo("image/png");
    BufferedImage image = decode(thumbnail);
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(160);
  }

  @Test
  @DisplayName("a WebP that does not decode is still accepted by its bytes, without a thumbnail")
  void anUndecodableWebpIsAcceptedWithoutAThumbnail() {
    User alice = user("Alice");
    Buffer webp = Buffer.buffer("RIFF").appendIntLE(30).appendString("WEBPVP8 ").appendIntLE(18).appendBuffer(Buffer.buffer(new byte[18]));

    JsonObject answer = uploaded(alice, "sticker.bin", webp, "application/octet-stream");

    assertThat(answer.getString("contentType")).isEqualTo("image/webp");
    assertThat(answer.containsKey("thumbnailUrl")).isFalse();
  }
}

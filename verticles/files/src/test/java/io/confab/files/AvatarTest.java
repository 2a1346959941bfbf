package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AvatarTest extends FilesTestBase {

  private HttpResponse<Buffer> putAvatar(User user, String fileName, Buffer bytes, String declaredType) {
    return http.put("/api/v1/me/avatar").putHeader("Authorization", "Bearer " + user.token())
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", fileName, bytes, declaredType)).await();
  }

  /** An avatar upload that must succeed: the user object answered. */
  private JsonObject avatarSet(User user, String fileName, Buffer bytes) {
    HttpResponse<Buffer> answer = putAvatar(user, fileName, bytes, "application/octet-stream");
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static Buffer picture(String type) {
    return "webp".equals(type) ? TestPictures.webp() : picture(type, 300, 200);
  }

  private static BufferedImage image(HttpResponse<Buffer> response) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"png", "jpeg", "gif", "webp"})
  @DisplayName("each accepted picture type is taken, judged by its content: 200 with the user and its avatarUrl")
  void eachPictureTypeIsTakenByItsContent(String type) {
    User alice = user("Alice");

    JsonObject me = avatarSet(alice, "face.bin", picture(type));

    assertThat(me.getString("id")).isEqualTo(alice.id());
    assertThat(me.getString("avatarUrl")).startsWith("/avatars/");
    assertThat(download(alice, me.getString("avatarUrl")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a PNG named .gif is taken as the PNG it is")
  void aPngNamedGifIsTaken() {
    User alice = user("Alice");

    JsonObject me = avatarSet(alice, "face.gif", png());

    assertThat(download(alice, me.getString("avatarUrl")).getHeader("Content-Type")).isEqualTo("image/png");
  }

  @Test
  @DisplayName("a text file named .png is 415 and leaves the user without an avatar")
  void aTextFileNamedPngIs415() {
    User alice = user("Alice");

    HttpResponse<Buffer> answer = putAvatar(alice, "face.png", Buffer.buffer("not a picture at all", StandardCharsets.UTF_8.name()), "image/png");

    assertThat(answer.statusCode()).isEqualTo(415);
    assertThat(answer.bodyAsJsonObject().getString("error")).isEqualTo("unsupported_type");
    assertThat(me(alice).containsKey("avatarUrl")).isFalse();
    assertThat(count(Avatars.COLLECTION)).isZero();
  }

  @Test
  @DisplayName("a PDF, accepted as an upload, is no avatar: 415")
  void aPdfIs415() {
    User alice = user("Alice");

    HttpResponse<Buffer> answer = putAvatar(alice, "face.png", Buffer.buffer("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"), "image/png");

    assertThat(answer.statusCode()).isEqualTo(415);
  }

  @Test
  @DisplayName("2 MiB and one byte is 413, and nothing is left in the spool")
  void oneByteOverTwoMebibytesIs413() {
    User alice = user("Alice");
    byte[] big = new byte[(int) Limits.AVATAR_MAX_BYTES + 1];
    System.arraycopy(png().getBytes(), 0, big, 0, png().length());

    HttpResponse<Buffer> answer = putAvatar(alice, "face.png", Buffer.buffer(big), "image/png");

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(me(alice).containsKey("avatarUrl")).isFalse();
    // The refused part's spool file is deleted as the answer goes out, not before it.
    Eventually.until(() -> spooled() == 0, Duration.ofSeconds(5), "the spool emptied");
  }

  @Test
  @DisplayName("a wide picture is stored square, cut from its centre, at 512 px and at 128 px")
  void aWidePictureIsStoredSquareAt512And128() throws IOException {
    User alice = user("Alice");
    String url = avatarSet(alice, "wide.png", picture("png", 400, 100)).getString("avatarUrl");

    BufferedImage large = image(download(alice, url));
    BufferedImage small = image(download(alice, url + "?size=128"));

    assertThat(new int[] {large.getWidth(), large.getHeight()}).containsExactly(512, 512);
    assertThat(new int[] {small.getWidth(), small.getHeight()}).containsExactly(128, 128);
    // The centre of the wide picture is its blue oval; its orange ends are cut away.
    assertThat(large.getRGB(256, 256) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(large.getRGB(10, 256) & 0xffffff).isEqualTo(0x0000ff);
  }

  @Test
  @DisplayName("any signed-in user fetches an avatar, cacheable for good; without a token it is 401")
  void anySignedInUserFetchesAnAvatar() {
    User alice = user("Alice");
    User bob = user("Bob");
    String url = avatarSet(alice, "face.png", png()).getString("avatarUrl");

    HttpResponse<Buffer> got = download(bob, url);

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.getHeader("Cache-Control")).isEqualTo(Avatars.CACHE_CONTROL);
    assertThat(got.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(fetch(url).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("the user object carries avatarUrl in GET /me and in the users lookup another user makes")
  void theUserObjectCarriesAvatarUrl() {
    User alice = user("Alice");
    User bob = user("Bob");
    String url = avatarSet(alice, "face.png", png()).getString("avatarUrl");

    JsonArray seenByBob = http.get("/api/v1/users?ids=" + alice.id()).putHeader("Authorization", "Bearer " + bob.token())
        .send().await().bodyAsJsonArray();

    assertThat(me(alice).getString("avatarUrl")).isEqualTo(url);
    assertThat(seenByBob.getJsonObject(0).getString("avatarUrl")).isEqualTo(url);
  }

  @Test
  @DisplayName("a new upload gets a new URL and the previous avatar is removed")
  void aNewUploadGetsANewUrlAndRemovesThePrevious() {
    User alice = user("Alice");
    String first = avatarSet(alice, "one.png", png()).getString("avatarUrl");

    String second = avatarSet(alice, "two.jpg", picture("jpeg", 50, 50)).getString("avatarUrl");

    assertThat(second).isNotEqualTo(first);
    assertThat(download(alice, first).statusCode()).isEqualTo(404);
    assertThat(download(alice, second).statusCode()).isEqualTo(200);
    assertThat(count(Avatars.COLLECTION)).isEqualTo(1);
  }

  @Test
  @DisplayName("DELETE answers the user without avatarUrl, and the avatar is gone")
  void deleteRemovesTheAvatar() {
    User alice = user("Alice");
    String url = avatarSet(alice, "face.png", png()).getString("avatarUrl");

    HttpResponse<Buffer> answer = http.delete("/api/v1/me/avatar").putHeader("Authorization", "Bearer " + alice.token()).send().await();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getString("id")).isEqualTo(alice.id());
    assertThat(answer.bodyAsJsonObject().containsKey("avatarUrl")).isFalse();
    assertThat(me(alice).containsKey("avatarUrl")).isFalse();
    assertThat(download(alice, url).statusCode()).isEqualTo(404);
    assertThat(count(Avatars.COLLECTION)).isZero();
  }

  private JsonObject me(User user) {
    return http.get("/api/v1/me").putHeader("Authorization", "Bearer " + user.token()).send().await().bodyAsJsonObject();
  }
}

package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files and translation roles with chat, as a person uses them: share a picture, translate a message. */
class SharingAndTranslationTest {

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("a member posts a picture another member downloads byte for byte, a stranger cannot, and an English message reads in Spanish")
  void shareAPictureAndTranslate() throws Exception {
    try (TwoNodes nodes = new TwoNodes(dataDir, "auth,chat,bridge,files,translation", "bridge")) {
      JsonObject ana = nodes.signedIn("Ana");
      JsonObject ben = nodes.signedIn("Ben");
      JsonObject eve = nodes.signedIn("Eve");
      WebClient http = WebClient.create(nodes.first.vertx());
      String benId = ben.getJsonObject("user").getString("id");
      String room = new JsonObject(nodes.post(nodes.firstPort, "/api/v1/rooms", token(ana),
          new JsonObject().put("kind", "direct").put("members", new JsonArray().add(benId))).body()).getString("id");

      byte[] png = png();
      Path file = Files.write(dataDir.resolve("picture.png"), png);
      HttpResponse<Buffer> uploaded = http.post(nodes.firstPort, "127.0.0.1", "/api/v1/uploads").putHeader("Authorization", "Bearer " + token(ana))
          .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "picture.png", file.toString(), "image/png")).await();
      assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
      String fileId = uploaded.bodyAsJsonObject().getString("fileId");

      JsonObject message = new JsonObject(nodes.post(nodes.firstPort, "/api/v1/rooms/" + room + "/messages", token(ana), new JsonObject()
          .put("text", "Hello, how are you?").put("clientMsgId", "pic-1").put("attachments", new JsonArray().add(fileId))).body());
      assertThat(message.getJsonArray("attachments").getJsonObject(0).getString("fileId")).isEqualTo(fileId);
      assertThat(message.getJsonArray("attachments").getJsonObject(0).getString("contentType")).isEqualTo("image/png");

      HttpResponse<Buffer> downloaded = http.get(nodes.firstPort, "127.0.0.1", "/files/" + fileId)
          .putHeader("Authorization", "Bearer " + token(ben)).send().await();
      assertThat(downloaded.statusCode()).isEqualTo(200);
      assertThat(downloaded.body().getBytes()).isEqualTo(png);
      assertThat(http.get(nodes.firstPort, "127.0.0.1", "/files/" + fileId).putHeader("Authorization", "Bearer " + token(eve)).send().await()
          .statusCode()).as("a stranger").isEqualTo(404);
      assertThat(nodes.post(nodes.firstPort, "/api/v1/rooms/" + room + "/messages", token(ben), new JsonObject()
          .put("text", "mine now").put("clientMsgId", "steal-1").put("attachments", new JsonArray().add(fileId))).statusCode())
          .as("attaching someone else's upload").isEqualTo(400);

      java.net.http.HttpResponse<String> translated = nodes.post(nodes.firstPort, "/api/v1/messages/" + message.getString("id") + "/translate", token(ben),
          new JsonObject().put("lang", "es"));
      assertThat(translated.statusCode()).as(translated.body()).isEqualTo(200);
      JsonObject spanish = new JsonObject(translated.body());
      assertThat(spanish.getString("lang")).isEqualTo("es");
      assertThat(spanish.getString("engine")).containsIgnoringCase("apertium");
      assertThat(spanish.getString("text")).isNotBlank().isNotEqualTo("Hello, how are you?").containsIgnoringCase("hola");
    }
  }

  private static String token(JsonObject login) {
    return login.getString("accessToken");
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 640; x++) {
      for (int y = 0; y < 400; y++) {
        image.setRGB(x, y, (x * 31 + y * 17) & 0xFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}

package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.auth.AuthVerticle;
import io.confab.base.StoreConfig;
import io.confab.bridge.BridgeRoutes;
import io.confab.chat.ChatVerticle;
import io.confab.contract.ConfigKeys;
import io.confab.edge.EdgeVerticle;
import io.confab.email.EmailVerticle;
import io.confab.testing.ConfabApi;
import io.confab.testing.NodeTestBase;
import io.confab.workers.mail.DevMailbox;
import io.confab.workers.mail.MailWorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node's worth of the platform on the Mongo wire server and the local Redis: auth and chat (for
 * accounts, rooms and membership) with the mail path of a node without a broker (users sign up with the
 * code from the dev mailbox), the files verticle, and an edge mounting the routes in the order the
 * launcher must use: files, then bridge, then the page.
 */
abstract class FilesTestBase extends NodeTestBase {

  protected MongoClient mongoClient;
  /** The files verticle's deployment, for tests that stop it. */
  protected String filesDeployment;

  @TempDir
  protected Path dataDir;

  /** A signed-in test user. */
  record User(String id, String name, String token) {
  }

  private record SignedUp(User user, JsonObject account) {
  }

  /** By test class and name. */
  private static final Map<String, SignedUp> SIGNED_UP = new ConcurrentHashMap<>();

  /** What the files verticle is deployed with, for tests that tune it. */
  protected JsonObject filesConfig(JsonObject base) {
    return base;
  }

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put(ConfigKeys.DATA_DIR, dataDir.toString()).put(REGISTRATIONS_PER_ADDRESS, 100_000);
  }

  @Override
  protected void deployNode() {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    Future.all(vertx.deployVerticle(EmailVerticle::new, options), vertx.deployVerticle(MailWorkerVerticle::new, options),
        vertx.deployVerticle(DevMailbox::new, options)).await();
    deploy(AuthVerticle::new, config, 1);
    deploy(ChatVerticle::new, config, 1);
    filesDeployment = deploy(FilesVerticle::new, filesConfig(config.copy()), 1);
    deploy(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx),
        List.of(new FileRoutes(), new BridgeRoutes(), new StaticFiles())), config, 2);
    mongoClient = MongoClient.create(vertx, StoreConfig.mongo(config));
  }

  /**
   * A user of this test class, signed up and signed in once per class and name through the real path: its
   * two Argon2 hashes (register, sign in) are what these tests would otherwise spend most on, doubling the
   * module's suite. A later test's node has a fresh store, so the account's document is stored again
   * there; its access token (the node's signing key, a session never revoked, 15 minutes) stays valid.
   */
  User user(String name) {
    SignedUp known = SIGNED_UP.get(getClass().getName() + "/" + name);
    if (known != null) {
      mongoClient.save("users", known.account().copy()).await();
      return known.user();
    }
    JsonObject login = signUp(ConfabApi.newEmail(), name);
    User user = new User(login.getJsonObject("user").getString("id"), name, login.getString("accessToken"));
    JsonObject account = mongoClient.findOne("users", new JsonObject().put("_id", user.id()), null).await();
    SIGNED_UP.put(getClass().getName() + "/" + name, new SignedUp(user, account));
    return user;
  }

  HttpResponse<Buffer> upload(User user, String fileName, Buffer bytes, String declaredType) {
    return http.post("/api/v1/uploads").putHeader("Authorization", "Bearer " + user.token())
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", fileName, bytes, declaredType)).await();
  }

  /** An upload that must succeed: its answer. */
  JsonObject uploaded(User user, String fileName, Buffer bytes, String declaredType) {
    HttpResponse<Buffer> answer = upload(user, fileName, bytes, declaredType);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    return answer.bodyAsJsonObject();
  }

  /** The id of a picture {@code user} uploaded, the one most tests share or refuse. */
  String uploadedPng(User user) {
    return uploaded(user, "cat.png", png(), "image/png").getString("fileId");
  }

  HttpResponse<Buffer> download(User user, String path) {
    return http.get(path).putHeader("Authorization", "Bearer " + user.token()).send().await();
  }

  /** Any URL the platform gave out, as a browser's {@code <img src>} would fetch it: no token. */
  HttpResponse<Buffer> fetch(String url) {
    return http.get(url).send().await();
  }

  /** A group of the creator and {@code others}, made through chat's HTTP API. */
  String group(User creator, User... others) {
    JsonArray members = new JsonArray();
    for (User other : others) {
      members.add(other.id());
    }
    HttpResponse<Buffer> created = http.post("/api/v1/rooms").putHeader("Authorization", "Bearer " + creator.token())
        .sendJsonObject(new JsonObject().put("kind", "group").put("name", "Team").put("members", members)).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  /** Chat's answer to {@code sender} sending a message carrying {@code fileId} in {@code room}. */
  HttpResponse<Buffer> sendWithFile(User sender, String room, String fileId) {
    return http.post("/api/v1/rooms/" + room + "/messages").putHeader("Authorization", "Bearer " + sender.token())
        .sendJsonObject(new JsonObject().put("text", "look").put("clientMsgId", UUID.randomUUID().toString())
            .put("attachments", new JsonArray().add(fileId))).await();
  }

  /** A message of {@code sender} in {@code room} carrying {@code fileId}, sent through chat's HTTP API: its id. */
  String postWithFile(User sender, String room, String fileId) {
    HttpResponse<Buffer> posted = sendWithFile(sender, room, fileId);
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(201);
    return posted.bodyAsJsonObject().getString("id");
  }

  /**
   * A message document of {@code sender} in {@code room} carrying {@code fileId}, written into chat's
   * collection directly: as chat stored them before files recorded shares, or as a forged one.
   */
  String storedMessageCarrying(User sender, String room, String fileId) {
    String id = UUID.randomUUID().toString();
    long seq = mongoClient.count("messages", new JsonObject().put("room", room)).await() + 1;
    mongoClient.insert("messages", new JsonObject()
        .put("_id", id).put("room", room).put("seq", seq).put("rev", seq)
        .put("sender", new JsonObject().put("id", sender.id()).put("displayName", sender.name()))
        .put("text", "look").put("ts", System.currentTimeMillis()).put("clientMsgId", id)
        .put("attachments", new JsonArray().add(new JsonObject().put("fileId", fileId).put("url", "/files/" + fileId)))).await();
    return id;
  }

  /** Deletes a message through chat's HTTP API, as its author. */
  void deleteMessage(User author, String room, String messageId) {
    HttpResponse<Buffer> deleted = http.delete("/api/v1/rooms/" + room + "/messages/" + messageId)
        .putHeader("Authorization", "Bearer " + author.token()).send().await();
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);
  }

  long count(String collection) {
    return mongoClient.count(collection, new JsonObject()).await();
  }

  /** Files left in the upload spool. */
  long spooled() {
    Path spool = dataDir.resolve("uploads");
    if (!Files.exists(spool)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }


  /** A real picture of the given size, encoded by ImageIO ({@code png} or {@code jpeg}). */
  static Buffer picture(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  static Buffer png() {
    return picture("png", 64, 48);
  }
}

package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.auth.AuthVerticle;
import io.confab.bridge.BridgeRoutes;
import io.confab.edge.EdgeVerticle;
import io.confab.email.EmailVerticle;
import io.confab.testing.BridgeClient;
import io.confab.testing.ConfabApi;
import io.confab.testing.NodeTestBase;
import io.confab.workers.mail.DevMailbox;
import io.confab.workers.mail.MailWorkerVerticle;
import io.vertx.core.Future;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Chat behind a real edge, with the auth verticle and the mail path of a node without a broker (the email
 * verticle, the in-process mail worker, the dev mailbox), on the node base's Mongo wire server and local
 * Redis. Users sign up as a person does (register, the mailed code, verify, login).
 */
abstract class ChatTestBase extends NodeTestBase {

  /** A signed-in test user. */
  record User(String id, String name, String email, String token) {
  }

  /** What the chat verticle is deployed with, for tests that tune it. */
  protected JsonObject chatConfig(JsonObject base) {
    return base;
  }

  /** What the email verticle and the mail worker are deployed with, for tests that mail through SMTP. */
  protected JsonObject mailConfig(JsonObject base) {
    return base;
  }

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put(REGISTRATIONS_PER_ADDRESS, 100_000);
  }

  @Override
  protected void deployNode() {
    DeploymentOptions mail = new DeploymentOptions().setConfig(mailConfig(config.copy()));
    Future.all(vertx.deployVerticle(EmailVerticle::new, mail), vertx.deployVerticle(MailWorkerVerticle::new, mail),
        vertx.deployVerticle(DevMailbox::new, new DeploymentOptions().setConfig(config))).await();
    deploy(AuthVerticle::new, config, 1);
    deploy(ChatVerticle::new, chatConfig(config.copy()), 1);
    deploy(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx), List.of(new BridgeRoutes())), config, 1);
  }

  /** A new user, signed up and signed in. */
  User user(String name) {
    String email = ConfabApi.newEmail();
    JsonObject login = signUp(email, name);
    return new User(login.getJsonObject("user").getString("id"), name, email, login.getString("accessToken"));
  }

  HttpResponse<Buffer> post(User user, String path, JsonObject body) {
    return http.post("/api/v1" + path).putHeader("Authorization", "Bearer " + user.token()).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> get(User user, String path) {
    return http.get("/api/v1" + path).putHeader("Authorization", "Bearer " + user.token()).send().await();
  }

  HttpResponse<Buffer> patch(User user, String path, JsonObject body) {
    return http.patch("/api/v1" + path).putHeader("Authorization", "Bearer " + user.token()).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> delete(User user, String path) {
    return http.delete("/api/v1" + path).putHeader("Authorization", "Bearer " + user.token()).send().await();
  }

  /** A group of {@code members}, created by the first of them. */
  String group(User creator, User... others) {
    JsonArray members = new JsonArray();
    for (User other : others) {
      members.add(other.id());
    }
    HttpResponse<Buffer> created = post(creator, "/rooms", new JsonObject().put("kind", "group").put("name", "Team").put("members", members));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  JsonObject send(User sender, String room, String text) {
    return send(sender, room, new JsonObject().put("text", text));
  }

  /** A message of these fields (a fresh clientMsgId added), stored: 201 expected. */
  JsonObject send(User sender, String room, JsonObject fields) {
    HttpResponse<Buffer> sent = post(sender, "/rooms/" + room + "/messages", fields.put("clientMsgId", UUID.randomUUID().toString()));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    return sent.bodyAsJsonObject();
  }

  /** The room's first message as {@code user} reads it now. */
  JsonObject firstMessage(User user, String room) {
    return get(user, "/rooms/" + room + "/messages?after=0&limit=1").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
  }

  /** The frame answering a bridge request, waited for 5 s. */
  static JsonObject ask(BridgeClient client, String address, JsonObject body) throws Exception {
    return client.request(address, body).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}

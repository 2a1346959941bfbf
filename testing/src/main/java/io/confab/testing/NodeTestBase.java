package io.confab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.base.Codecs;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One node's worth of the platform for a module's tests, as vertx-web's SockJS tests share one base: a
 * Vert.x with the contract's codecs, the Mongo wire server and the local Redis, a free HTTP port, the
 * test signing keys, and a web client on that port. A module's base deploys its verticles and an edge
 * mounting its routes ({@link #deployNode}); the node closes after each test.
 */
public abstract class NodeTestBase {

  /**
   * Auth's registrations per client address and minute (docs/CONFIGURATION.md): raised by the bases whose
   * suites sign every user up from 127.0.0.1, a few hundred a minute.
   */
  protected static final String REGISTRATIONS_PER_ADDRESS = "auth-registrations-per-address";

  protected Vertx vertx;
  protected WebClient http;
  protected int port;
  protected final TestMongo mongo = new TestMongo();
  /** What the node's verticles were deployed with. */
  protected JsonObject config;
  private MongoClient store;

  @BeforeEach
  void startNode() {
    LocalServices.requireRedis();
    vertx = Vertx.vertx();
    Codecs.register(vertx);
    port = FreePorts.next();
    config = configure(nodeConfig(mongo, port));
    deployNode();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stopNode() {
    vertx.close().await();
    mongo.close();
  }

  /** A store client of the test's own on the node's store (closed with its Vert.x): to arrange or read what no verticle is asked for. */
  protected MongoClient store() {
    if (store == null) {
      store = MongoClient.create(vertx, StoreConfig.mongo(mongo.deploymentConfig()));
    }
    return store;
  }

  /** Deploys the module's verticles and an edge on {@link #port}, with {@link #config}. */
  protected abstract void deployNode();

  /** A test class's changes to the node's config (called once {@link #vertx} exists). */
  protected JsonObject configure(JsonObject config) {
    return config;
  }

  /** Deploys {@code instances} of {@code verticle} with {@code config}, and waits for them: the deployment's id. */
  protected String deploy(Supplier<? extends Deployable> verticle, JsonObject config, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config).setInstances(instances)).await();
  }

  /** The node's config: this Mongo and the local Redis, the test signing keys, loopback on {@code port}. */
  public static JsonObject nodeConfig(TestMongo mongo, int port) {
    return mongo.deploymentConfig()
        .mergeIn(TestTokens.edgeConfig())
        .put(ConfigKeys.JWT_PRIVATE_PEM, TestTokens.KEYS.privatePem())
        .put(ConfigKeys.HTTP_HOST, "127.0.0.1")
        .put(ConfigKeys.HTTP_PORT, port);
  }

  /**
   * A new account signed up as a person does it, through the node's HTTP API: register, the code from the
   * mail, verify, login; the login answer. Needs the node's mail path (the email verticle and a mail worker).
   */
  protected JsonObject signUp(String email, String displayName) {
    HttpResponse<Buffer> registered = http.post("/api/v1/auth/register").sendJsonObject(new JsonObject()
        .put("email", email).put("password", ConfabApi.PASSWORD).put("displayName", displayName)).await();
    assertEquals(201, registered.statusCode(), registered.bodyAsString());
    HttpResponse<Buffer> verified = http.post("/api/v1/auth/verify")
        .sendJsonObject(new JsonObject().put("email", email).put("code", mailedCode(email))).await();
    assertEquals(204, verified.statusCode(), verified.bodyAsString());
    HttpResponse<Buffer> login = http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", email).put("password", ConfabApi.PASSWORD)).await();
    assertEquals(200, login.statusCode(), login.bodyAsString());
    return login.bodyAsJsonObject();
  }

  /** The code of the newest mail to {@code email} in the node's dev mailbox, once there is one. */
  protected String mailedCode(String email) {
    return Eventually.value(() -> {
      JsonArray mails = vertx.eventBus().<JsonArray>request(Addresses.DEV_MAIL_LIST, new JsonObject().put("to", email)).await().body();
      return mails.isEmpty() ? null : ConfabApi.codeIn(mails.getJsonObject(0).getString("text"));
    }, Duration.ofSeconds(10), "a mail with a code to " + email);
  }

  /** A bridge connection of {@code accessToken}'s user, registered on {@code addresses}, each of them live: the caller closes it. */
  protected BridgeClient connect(String accessToken, String... addresses) {
    BridgeClient client = BridgeClient.connect(vertx, port, accessToken);
    try {
      for (String address : addresses) {
        client.register(address);
      }
      for (String address : addresses) {
        awaitStream(client, address);
      }
      return client;
    } catch (RuntimeException | Error e) {
      client.close();
      throw e;
    }
  }

  /** Registration is asynchronous: a probe published on a registered stream ({@code room.<id>}, {@code user.<id>}) comes back once it is live. */
  protected void awaitStream(BridgeClient client, String address) {
    Eventually.until(() -> {
      vertx.eventBus().publish(address, new JsonObject().put("type", "probe"));
      return client.received().stream().anyMatch(f -> address.equals(f.getString("address")));
    }, Duration.ofSeconds(5), "the stream " + address + " live");
  }

  /** The contract's error answer: {@code status} with {@code {"error": code}}. */
  public static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(code, response.bodyAsJsonObject().getString("error"), response.bodyAsString());
  }
}

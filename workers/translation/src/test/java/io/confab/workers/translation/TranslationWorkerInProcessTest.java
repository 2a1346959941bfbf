package io.confab.workers.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Without a broker: the worker answers on the local bus address translate.jobs, with the real APY. */
@ExtendWith(VertxExtension.class)
class TranslationWorkerInProcessTest {

  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    LocalServices.requireRedis();
    this.vertx = vertx;
  }

  private String deploy(JsonObject config) {
    return vertx.deployVerticle(TranslationWorkerVerticle::new,
        new DeploymentOptions().setConfig(config.put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI))).await();
  }

  private JsonObject ask(JsonObject job) {
    return vertx.eventBus().<JsonObject>request(io.confab.contract.Addresses.TRANSLATE_JOBS, job).await().body();
  }

  private static JsonObject request(String id, String text) {
    return new JsonObject().put("id", id).put("text", text).put("from", "en").put("to", "es");
  }

  @Test
  @DisplayName("In-process, a request on translate.jobs is answered in Spanish over the bus")
  void aRequestIsAnsweredOverTheBus() {
    LocalApy.require();
    deploy(new JsonObject().put(TranslationWorkerVerticle.APY_URL, LocalApy.URL));
    String id = UUID.randomUUID().toString();

    assertThat(ask(request(id, "I like green apples 🍏")))
        .isEqualTo(new JsonObject().put("id", id).put("text", "Me gustan las manzanas verdes 🍏").put("engine", "apertium"));
  }

  @Test
  @DisplayName("In-process, with APY down, a request is answered unavailable")
  void withApyDownARequestIsAnsweredUnavailable() {
    deploy(new JsonObject().put(TranslationWorkerVerticle.APY_URL, "http://127.0.0.1:" + FreePorts.next())
        .put(TranslationWorkerVerticle.APY_AUTOSTART, false));
    String id = UUID.randomUUID().toString();

    JsonObject reply = ask(request(id, "Good morning"));

    assertThat(reply).isEqualTo(new JsonObject().put("id", id).put("error", "unavailable"));
  }

  @Test
  @DisplayName("In-process, a request without a text is answered invalid_request")
  void aMalformedRequestIsAnsweredInvalidRequest() {
    deploy(new JsonObject().put(TranslationWorkerVerticle.APY_URL, LocalApy.URL));

    assertThat(ask(new JsonObject().put("id", "j-1").put("to", "es")))
        .isEqualTo(new JsonObject().put("id", "j-1").put("error", "invalid_request"));
  }

  @Test
  @DisplayName("In-process, when nothing answers on a loopback apy-url, the worker starts APY there and stops it with itself")
  void theWorkerStartsApyWhenNoneAnswersAndStopsIt(@TempDir Path dataDir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ApyProcess.APY), "apertium-apy is installed");
    int port = FreePorts.next();
    String deployment = deploy(new JsonObject().put(TranslationWorkerVerticle.APY_URL, "http://127.0.0.1:" + port)
        .put(ConfigKeys.DATA_DIR, dataDir.toString()));
    String id = UUID.randomUUID().toString();

    assertThat(ask(request(id, "Good morning"))).isEqualTo(new JsonObject().put("id", id).put("text", "Buenos días").put("engine", "apertium"));
    assertThat(listening(port)).isTrue();

    vertx.undeploy(deployment).await();

    assertThat(listening(port)).as("APY stopped with the worker").isFalse();
    assertThat(dataDir.resolve("apy").resolve("apy.log")).exists();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.testing.Eventually;
import io.confab.testing.SlowProxy;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The files role stopping: like every verticle's, its consumers drain (base/Consumers). */
class StoppingTest extends FilesTestBase {

  /** How long the store takes to answer, each way, while a request is held in flight. */
  private static final long SLOW_MS = 1_000;

  private SlowProxy slowStore;

  @Override
  protected JsonObject configure(JsonObject base) {
    slowStore = SlowProxy.start(vertx, mongo.port());
    return super.configure(base).put(ConfigKeys.MONGO_URI, "mongodb://127.0.0.1:" + slowStore.port());
  }

  @Test
  @DisplayName("undeploying the files verticle stops taking requests at once and answers the resolve in flight first")
  void stoppingAnswersTheResolveInFlight() {
    User alice = user("Alice");
    String fileId = uploadedPng(alice);
    CompletableFuture<Void> taken = new CompletableFuture<>();
    // Runs on the files verticle's event loop just before its handler: once seen, the request is in the handler.
    vertx.eventBus().addInboundInterceptor(delivery -> {
      if (Addresses.FILES_ATTACHMENTS_RESOLVE.equals(delivery.message().address())) {
        taken.complete(null);
      }
      delivery.next();
    });
    // The store answers slowly from now on: the resolve's lookup keeps it in flight a while.
    slowStore.delay(SLOW_MS);
    Future<JsonObject> inFlight = vertx.eventBus().<JsonObject>request(Addresses.FILES_ATTACHMENTS_RESOLVE,
        new JsonObject().put("owner", alice.id()).put("fileIds", new JsonArray().add(fileId))).map(Message::body);
    taken.join();
    Future<String> undeployed = vertx.undeploy(filesDeployment).map("undeployed");

    assertThat(failureOfPingsUntilRefused()).isEqualTo(ReplyFailure.NO_HANDLERS);
    assertThat(undeployed.isComplete()).as("still waiting for the resolve in flight").isFalse();
    assertThat(inFlight.await().getJsonArray("attachments")).hasSize(1);
    assertThat(undeployed.await()).isEqualTo("undeployed");
  }

  /** Pings until one finds no handler; a ping racing the unregistration may be discarded (TIMEOUT). */
  private ReplyFailure failureOfPingsUntilRefused() {
    return Eventually.value(() -> {
      Throwable cause = vertx.eventBus().request(Addresses.FILES_PING, new JsonObject(), new DeliveryOptions().setSendTimeout(200))
          .transform(Future::succeededFuture).await().cause();
      return cause instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS ? e.failureType() : null;
    }, Duration.ofSeconds(2), "a ping refused for want of a handler");
  }
}

package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossNodeRevocationTest {

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("a session signed out on one node is refused on the other at once")
  void logoutOnOneNodeIsSeenOnTheOther() throws Exception {
    try (TwoNodes nodes = new TwoNodes(dataDir)) {
      String token = nodes.signedIn("Ana").getString("accessToken");

      assertThat(nodes.get(nodes.secondPort, "/api/v1/me", token).statusCode()).as("the second node's edge forwards to auth on the first")
          .isEqualTo(200);
      assertThat(nodes.post(nodes.firstPort, "/api/v1/auth/logout", token, new JsonObject()).statusCode()).isEqualTo(204);
      HttpResponse<String> after = nodes.get(nodes.secondPort, "/api/v1/me", token);
      assertThat(after.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(after.body()).getString("error")).isEqualTo("unauthorized");
    }
  }

  @Test
  @DisplayName("a sign-out on one node closes the session's socket open on the other node at once, and its next frame is refused")
  void logoutClosesAnOpenSocketOnTheOtherNode() throws Exception {
    try (TwoNodes nodes = new TwoNodes(dataDir)) {
      String token = nodes.signedIn("Ben").getString("accessToken");
      try (BridgeClient bens = BridgeClient.connect(nodes.second.vertx(), nodes.secondPort, token)) {
        assertThat(bens.request("presence.query", new JsonObject().put("users", new JsonArray().add("nobody")))
            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).getValue("body")).as("the socket works").isNotNull();

        assertThat(nodes.post(nodes.firstPort, "/api/v1/auth/logout", token, new JsonObject()).statusCode()).isEqualTo(204);

        Eventually.until(bens::isClosed, Duration.ofSeconds(5), "the socket on the other node closed");
      }
      try (BridgeClient again = BridgeClient.connect(nodes.second.vertx(), nodes.secondPort, token)) {
        JsonObject refused = again.request("presence.query", new JsonObject().put("users", new JsonArray().add("nobody")))
            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(refused.getInteger("failureCode")).as(refused.encode()).isEqualTo(401);
      }
    }
  }
}

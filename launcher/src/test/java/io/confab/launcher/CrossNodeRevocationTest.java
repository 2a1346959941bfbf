package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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
}

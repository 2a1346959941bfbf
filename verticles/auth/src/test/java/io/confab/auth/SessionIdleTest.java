package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sessions idle out: one not refreshed for session-idle-days (here 2) is refused at refresh and revoked. */
class SessionIdleTest extends AuthTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put(ConfigKeys.SESSION_IDLE_DAYS, 2);
  }

  @Test
  @DisplayName("a session last refreshed longer ago than the idle timeout is refused at refresh (invalid_token) and revoked")
  void anIdleSessionIsRefusedAndRevoked() {
    JsonObject login = signedIn("Ana");
    lastUsed(login, Duration.ofDays(2).plusMinutes(1));
    String again = signedInAgain(login);
    assertThat(get("/auth/sessions", again).bodyAsJsonArray()).as("the idle session is no longer listed").hasSize(1);

    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))), 401, "invalid_token");
    assertError(get("/me", login.getString("accessToken")), 401, "unauthorized");
    assertThat(get("/me", again).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a session used within the idle timeout refreshes")
  void aRecentSessionRefreshes() {
    JsonObject login = signedIn("Ana");
    lastUsed(login, Duration.ofDays(2).minusMinutes(1));

    assertThat(post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))).statusCode()).isEqualTo(200);
  }

  /** Moves the session's last use into the past. */
  private void lastUsed(JsonObject login, Duration ago) {
    MongoClient store = MongoClient.createShared(vertx, StoreConfig.mongo(config), "session-idle-test");
    store.updateCollection(Sessions.SESSIONS, new JsonObject().put("user", login.getJsonObject("user").getString("id")),
        new JsonObject().put("$set", new JsonObject().put("lastUsedAt", System.currentTimeMillis() - ago.toMillis()))).await();
  }

  /** A new sign-in of the same user: its access token. */
  private String signedInAgain(JsonObject login) {
    return login(login.getJsonObject("user").getString("email"), PASSWORD, null).bodyAsJsonObject().getString("accessToken");
  }
}

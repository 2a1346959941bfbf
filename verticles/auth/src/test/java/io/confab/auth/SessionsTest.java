package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionsTest extends AuthTestBase {

  @Test
  @DisplayName("a refresh answers new tokens and the old refresh token no longer works")
  void refreshRotates() {
    JsonObject login = signedIn("Ana");
    JsonObject refreshed = post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))).bodyAsJsonObject();

    assertThat(refreshed.getString("refreshToken")).isNotEqualTo(login.getString("refreshToken"));
    assertThat(get("/me", refreshed.getString("accessToken")).statusCode()).isEqualTo(200);
    assertThat(post("/auth/refresh", new JsonObject().put("refreshToken", refreshed.getString("refreshToken"))).statusCode()).isEqualTo(200);
    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))), 401, "invalid_token");
  }

  @Test
  @DisplayName("a used refresh token presented again revokes its whole family, access tokens included")
  void reuseRevokesTheFamily() {
    JsonObject login = signedIn("Ana");
    JsonObject refreshed = post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))).bodyAsJsonObject();

    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))), 401, "invalid_token");

    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", refreshed.getString("refreshToken"))), 401, "invalid_token");
    assertError(get("/me", refreshed.getString("accessToken")), 401, "unauthorized");
    assertError(get("/me", login.getString("accessToken")), 401, "unauthorized");
  }

  @Test
  @DisplayName("an unknown refresh token is 401 invalid_token")
  void anUnknownRefreshTokenIsInvalid() {
    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", "nope")), 401, "invalid_token");
    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", new JsonObject().put("$ne", ""))), 400, "invalid_request");
  }

  @Test
  @DisplayName("logout stops that access token and its refresh family at once, and tells every edge")
  void logoutRevokesAtOnce() {
    JsonObject login = signedIn("Ana");
    java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(io.confab.contract.Addresses.AUTH_SESSION_REVOKED, revoked -> told.add(revoked.body().getString("session")));
    assertThat(post("/auth/logout", login.getString("accessToken"), new JsonObject().put("refreshToken", login.getString("refreshToken"))).statusCode())
        .isEqualTo(204);
    assertError(get("/me", login.getString("accessToken")), 401, "unauthorized");
    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))), 401, "invalid_token");
    assertThat(told).as("the edges hear of the revoked session").hasSize(1);
  }

  @Test
  @DisplayName("the sessions list shows each sign-in with the current one marked, and deleting one ends it at once")
  void sessionsAreListedAndRevocable() {
    String email = newEmail();
    JsonObject first = signedIn(email, "Ana");
    JsonObject second = http.post("/api/v1/auth/login").putHeader("User-Agent", "phone/1.0")
        .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD)).await().bodyAsJsonObject();

    JsonArray listed = get("/auth/sessions", first.getString("accessToken")).bodyAsJsonArray();
    assertThat(listed).hasSize(2);
    JsonObject other = listed.stream().map(JsonObject.class::cast).filter(s -> !s.getBoolean("current")).findFirst().orElseThrow();
    assertThat(other.getString("userAgent")).isEqualTo("phone/1.0");
    assertThat(other.getLong("createdAt")).isPositive();
    assertThat(other.getLong("lastUsedAt")).isPositive();

    var deleted = http.delete("/api/v1/auth/sessions/" + other.getString("id"))
        .putHeader("Authorization", "Bearer " + first.getString("accessToken")).send().await();
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertError(get("/me", second.getString("accessToken")), 401, "unauthorized");
    assertThat(get("/me", first.getString("accessToken")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("another user's session cannot be deleted: 404")
  void anotherUsersSessionIsNotFound() {
    JsonObject ana = signedIn("Ana");
    JsonObject ben = signedIn("Ben");
    String bensSession = get("/auth/sessions", ben.getString("accessToken")).bodyAsJsonArray().getJsonObject(0).getString("id");
    var response = http.delete("/api/v1/auth/sessions/" + bensSession)
        .putHeader("Authorization", "Bearer " + ana.getString("accessToken")).send().await();
    assertError(response, 404, "not_found");
    assertThat(get("/me", ben.getString("accessToken")).statusCode()).isEqualTo(200);
  }
}

package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.StoreQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProfileTest extends AuthTestBase {

  @Test
  @DisplayName("GET /me is the caller's user with email; PATCH changes name and language")
  void meReadsAndUpdates() {
    String email = newEmail();
    String token = signedIn(email, "Ana").getString("accessToken");
    JsonObject me = get("/me", token).bodyAsJsonObject();
    assertThat(me.getString("email")).isEqualTo(email);
    assertThat(me.getString("language")).isEqualTo("en");

    JsonObject patched = http.patch("/api/v1/me").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("displayName", "Ana María").put("language", "es")).await().bodyAsJsonObject();
    assertThat(patched.getString("displayName")).isEqualTo("Ana María");
    assertThat(patched.getString("language")).isEqualTo("es");
    assertThat(get("/me", token).bodyAsJsonObject().getString("displayName")).isEqualTo("Ana María");
  }

  @Test
  @DisplayName("the user object carries readReceipts, true by default; PATCH /me turns it off; a non-boolean is 400 and changes nothing")
  void readReceiptsIsASettingOfTheUser() {
    String token = signedIn("Ana").getString("accessToken");
    assertThat(get("/me", token).bodyAsJsonObject().getBoolean("readReceipts")).isTrue();

    var off = http.patch("/api/v1/me").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("readReceipts", false)).await();
    assertThat(off.statusCode()).isEqualTo(200);
    assertThat(off.bodyAsJsonObject().getBoolean("readReceipts")).isFalse();
    var notBoolean = http.patch("/api/v1/me").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("readReceipts", "yes")).await();
    assertError(notBoolean, 400, "invalid_request");
    assertThat(get("/me", token).bodyAsJsonObject().getBoolean("readReceipts")).isFalse();
  }

  @Test
  @DisplayName("PATCH /me refuses a name over 64 characters or a language that is not ISO 639-1")
  void meRefusesBadValues() {
    String token = signedIn("Ana").getString("accessToken");
    var tooLong = http.patch("/api/v1/me").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("displayName", "x".repeat(65))).await();
    assertError(tooLong, 400, "invalid_request");
    var badLanguage = http.patch("/api/v1/me").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("language", "EN")).await();
    assertError(badLanguage, 400, "invalid_request");
  }

  @Test
  @DisplayName("the directory finds verified users by name prefix, any case, without emails")
  void directoryFindsVerifiedUsersByPrefix() {
    String token = signedIn("Searcher").getString("accessToken");
    signedIn("Zoltan Kovacs");
    signedIn("zoe Smith");
    register(newEmail(), PASSWORD, "Zorro Unverified");

    JsonArray found = get("/users?q=ZO", token).bodyAsJsonArray();

    assertThat(found.stream().map(JsonObject.class::cast).map(user -> user.getString("displayName")))
        .containsExactly("zoe Smith", "Zoltan Kovacs");
    assertThat(found.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "displayName");
  }

  @Test
  @DisplayName("directory queries are literal prefixes, never patterns, and at most 20 answers")
  void directoryQueriesAreLiteral() {
    String token = signedIn("Searcher").getString("accessToken");
    assertThat(get("/users?q=.*", token).bodyAsJsonArray()).isEmpty();
    java.util.List<String> many = java.util.stream.IntStream.range(0, 21).mapToObj(i -> newEmail()).toList();
    for (int i = 0; i < many.size(); i++) {
      assertThat(register(many.get(i), PASSWORD, "Many " + i).statusCode()).isEqualTo(201);
    }
    // unverified users are never listed, so verify them through their codes
    many.forEach(email -> post("/auth/verify", new JsonObject().put("email", email).put("code", lastCode(email, "verify_email"))));
    assertThat(get("/users?q=many", token).bodyAsJsonArray()).hasSize(20);
    assertError(get("/users", token), 400, "invalid_request");
  }

  @Test
  @DisplayName("the directory names verified users by id (ids=a,b), never unverified ones or emails, and unknown ids are left out")
  void directoryNamesUsersById() {
    String token = signedIn("Looker").getString("accessToken");
    String ana = signedIn("Ana Lookup").getJsonObject("user").getString("id");
    String ben = signedIn("Ben Lookup").getJsonObject("user").getString("id");
    String unverified = register(newEmail(), PASSWORD, "Unverified Lookup").bodyAsJsonObject().getString("userId");

    JsonArray found = get("/users?ids=" + ana + "," + ben + "," + unverified + ",no-such-user," + ana, token).bodyAsJsonArray();

    assertThat(found.stream().map(JsonObject.class::cast).map(user -> user.getString("displayName")))
        .containsExactlyInAnyOrder("Ana Lookup", "Ben Lookup");
    assertThat(found.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "displayName");
  }

  @Test
  @DisplayName("the directory asks the store for users by id alone, a question the _id index answers (with verified too, the embedded store read every user)")
  void directoryAsksUsersByIdAlone() {
    String token = signedIn("Looker").getString("accessToken");
    String ana = signedIn("Ana Lookup").getJsonObject("user").getString("id");
    String unverified = register(newEmail(), PASSWORD, "Unverified Lookup").bodyAsJsonObject().getString("userId");

    List<StoreQueries.Query> asked;
    try (StoreQueries queries = mongo.recordQueries()) {
      assertThat(get("/users?ids=" + ana + "," + unverified, token).bodyAsJsonArray()).hasSize(1);
      asked = queries.on("users");
    }

    assertThat(asked).filteredOn(query -> query.command().equals("find")).isNotEmpty()
        .allMatch(query -> query.filtersBy("_id"), "filters by _id alone");
  }

  @Test
  @DisplayName("a lookup by id needs a token and takes at most 100 ids, none empty or over 64 characters")
  void directoryLookupIsBounded() {
    String token = signedIn("Looker").getString("accessToken");
    String hundred = String.join(",", java.util.stream.IntStream.range(0, 100).mapToObj(i -> "u" + i).toList());
    assertThat(get("/users?ids=" + hundred, token).statusCode()).isEqualTo(200);
    assertError(get("/users?ids=" + hundred + ",u100", token), 400, "invalid_request");
    assertError(get("/users?ids=a,,b", token), 400, "invalid_request");
    assertError(get("/users?ids=" + "x".repeat(65), token), 400, "invalid_request");
    assertError(get("/users?ids=a", null), 401, "unauthorized");
  }
}

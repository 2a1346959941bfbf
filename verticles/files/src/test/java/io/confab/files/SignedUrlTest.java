package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SignedUrlTest extends FilesTestBase {

  /** The signer the platform uses: the key it generated into MongoDB on first use. */
  private UrlSigner platformSigner() {
    return UrlSigner.load(mongoClient, new JsonObject()).await();
  }

  private HttpResponse<Buffer> signedUrls(User user, String... fileIds) {
    return http.post("/api/v1/files/urls").putHeader("Authorization", "Bearer " + user.token())
        .sendJsonObject(new JsonObject().put("fileIds", new JsonArray(java.util.List.of((Object[]) fileIds)))).await();
  }

  @Test
  @DisplayName("the URL an upload answers works without any token, as an <img src> would use it")
  void theUploadsUrlWorksWithoutAToken() {
    User alice = user("Alice");
    Buffer bytes = png();
    JsonObject answer = uploaded(alice, "cat.png", bytes, "image/png");

    HttpResponse<Buffer> got = fetch(answer.getString("url"));

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body().getBytes()).isEqualTo(bytes.getBytes());
    assertThat(answer.getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());
  }

  @Test
  @DisplayName("an expired signed URL is refused with 401")
  void anExpiredUrlIsRefused() {
    User alice = user("Alice");
    String fileId = uploadedPng(alice);
    String expired = platformSigner().signUntil("/files/" + fileId, alice.id(), System.currentTimeMillis() / 1000 - 1).url();

    assertError(fetch(expired), 401, "unauthorized");
  }

  @Test
  @DisplayName("a signed URL whose user, expiry or signature was changed is refused with 401")
  void aTamperedUrlIsRefused() {
    User alice = user("Alice");
    User mallory = user("Mallory");
    String url = uploaded(alice, "cat.png", png(), "image/png").getString("url");
    String sig = url.substring(url.indexOf("&sig=") + 5);
    String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);

    assertError(fetch(url.replace("u=" + alice.id(), "u=" + mallory.id())), 401, "unauthorized");
    assertError(fetch(url.replaceFirst("exp=\\d+", "exp=99999999999")), 401, "unauthorized");
    assertError(fetch(url.replace("&sig=" + sig, "&sig=" + flipped)), 401, "unauthorized");
  }

  @Test
  @DisplayName("a URL signed for one file does not open another")
  void aUrlIsBoundToItsFile() {
    User alice = user("Alice");
    String first = uploaded(alice, "a.png", png(), "image/png").getString("url");
    String second = uploaded(alice, "b.txt", Buffer.buffer("second"), "text/plain").getString("fileId");
    String query = first.substring(first.indexOf('?'));

    assertError(fetch("/files/" + second + query), 401, "unauthorized");
  }

  @Test
  @DisplayName("a member gets signed URLs for the files posted in their rooms, and the others are left out")
  void aMemberGetsSignedUrlsForSharedFilesOnly() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String shared = uploadedPng(alice);
    String kept = uploaded(alice, "diary.txt", Buffer.buffer("private"), "text/plain").getString("fileId");
    postWithFile(alice, room, shared);

    HttpResponse<Buffer> answer = signedUrls(bob, shared, kept);

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    JsonObject urls = answer.bodyAsJsonObject().getJsonObject("urls");
    assertThat(urls.fieldNames()).containsExactly(shared);
    assertThat(fetch(urls.getJsonObject(shared).getString("url")).statusCode()).isEqualTo(200);
    assertThat(fetch(urls.getJsonObject(shared).getString("thumbnailUrl")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a member's signed URL stops working as soon as the message is deleted")
  void aSignedUrlFollowsAccessNow() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String fileId = uploadedPng(alice);
    String message = postWithFile(alice, room, fileId);
    String url = signedUrls(bob, fileId).bodyAsJsonObject().getJsonObject("urls").getJsonObject(fileId).getString("url");

    deleteMessage(alice, room, message);

    assertError(fetch(url), 404, "not_found");
  }
}

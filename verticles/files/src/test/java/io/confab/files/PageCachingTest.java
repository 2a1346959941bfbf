package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The page's caching, as built by webroot/build.mjs: revalidated page, hashed assets cached for good. */
class PageCachingTest extends FilesTestBase {

  private static final Pattern REFERENCE = Pattern.compile("\\b(?:src|href)=\"([^\"]+)\"");

  private List<String> references(String html) {
    Matcher matcher = REFERENCE.matcher(html);
    return matcher.results().map(found -> found.group(1)).toList();
  }

  @Test
  @DisplayName("/ and /index.html are sent no-cache with an ETag, and a matching If-None-Match answers 304 without a body")
  void thePageIsRevalidated() {
    for (String path : List.of("/", "/index.html")) {
      HttpResponse<Buffer> page = http.get(path).send().await();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.getHeader("Cache-Control")).as(path).isEqualTo("no-cache");
      assertThat(page.getHeader("Content-Type")).startsWith("text/html");
      String etag = page.getHeader("ETag");
      assertThat(etag).as(path).matches("\"[0-9a-f]{32}\"");

      HttpResponse<Buffer> again = http.get(path).putHeader("If-None-Match", etag).send().await();
      assertThat(again.statusCode()).as(path).isEqualTo(304);
      assertThat(again.body()).isNull();
    }
  }

  @Test
  @DisplayName("every script, style and icon the page references has a content hash in its name and is sent public, immutable, for a year")
  void theAssetsAreHashedAndImmutable() {
    List<String> references = references(http.get("/").send().await().bodyAsString());
    assertThat(references).hasSize(5);
    for (String reference : references) {
      assertThat(reference).matches("assets/[\\w.-]+-[A-Z0-9]{8}\\.(js|css|svg)");
      HttpResponse<Buffer> asset = http.get("/" + reference).send().await();
      assertThat(asset.statusCode()).as(reference).isEqualTo(200);
      assertThat(asset.getHeader("Cache-Control")).as(reference).isEqualTo("public, immutable, max-age=31536000");
    }
  }

  @Test
  @DisplayName("the page's sources are not served under their unversioned names")
  void unversionedNamesAreNotServed() {
    for (String path : List.of("/js/app.js", "/css/app.css", "/vendor/sockjs.min.js", "/vendor/vertx-eventbus.js")) {
      assertThat(http.get(path).send().await().statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("/favicon.ico is an icon, revalidated")
  void theFaviconIsAnswered() {
    HttpResponse<Buffer> icon = http.get("/favicon.ico").send().await();
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.getHeader("Content-Type")).isIn("image/x-icon", "image/vnd.microsoft.icon");
    assertThat(icon.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(icon.getHeader("Last-Modified")).isNotNull();
    assertThat(icon.body().getBytes(0, 4)).containsExactly(0, 0, 1, 0);
  }
}

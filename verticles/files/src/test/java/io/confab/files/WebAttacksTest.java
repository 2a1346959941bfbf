package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.AttackReport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web surface of one node (files, API, bridge and page routes, mounted as the launcher mounts them):
 * security headers on every answer, CORS closed, active content never served inline, no path escapes
 * the page's folder or the file store.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebAttacksTest extends FilesTestBase {

  @RegisterExtension
  static final AttackReport ATTACKS = new AttackReport();

  private static final String EVIL = "https://evil.example";

  private static void assertSecurityHeaders(String what, HttpResponse<Buffer> response) {
    assertThat(response.getHeader("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
    assertThat(response.getHeader("Referrer-Policy")).as(what).isEqualTo("no-referrer");
    assertThat(response.getHeader("X-Frame-Options")).as(what).isEqualTo("DENY");
    assertThat(response.getHeader("Content-Security-Policy")).as(what)
        .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
  }

  @Test
  @DisplayName("every answer carries the security headers: pages, API answers and errors, files, the bridge's info, health")
  void everyAnswerCarriesTheSecurityHeaders() {
    User ada = user("Ada");
    String fileUrl = uploaded(ada, "a.png", png(), "image/png").getString("url");
    List<HttpResponse<Buffer>> answers = List.of(
        http.get("/").send().await(),
        http.get("/index.html").send().await(),
        http.get("/no-such-page").send().await(),
        http.get("/api/v1/me").send().await(),
        http.get("/api/v1/me").putHeader("Authorization", "Bearer " + ada.token()).send().await(),
        http.post("/api/v1/auth/login").sendBuffer(Buffer.buffer("{not json")).await(),
        http.post("/api/v1/auth/login").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(new byte[70_000])).await(),
        http.get("/api/v1/nothing-here").send().await(),
        http.delete("/api/v1/me").send().await(),
        download(ada, fileUrl),
        http.get("/files/no-such-file").send().await(),
        http.get("/eventbus/info").send().await(),
        http.get("/health/live").send().await());
    for (HttpResponse<Buffer> answer : answers) {
      assertSecurityHeaders(answer.statusCode() + " " + answer.bodyAsString(), answer);
    }
    System.out.printf("[attacks] security headers checked on %d answers (statuses %s)%n", answers.size(),
        answers.stream().map(HttpResponse::statusCode).toList());
  }

  @Test
  @DisplayName("CORS is closed: no route, the bridge's included, allows another origin")
  void corsIsClosed() {
    User ada = user("Ada");
    List<String> paths = List.of("/api/v1/me", "/api/v1/auth/login", "/api/v1/uploads", "/files/x", "/eventbus/info", "/eventbus/123/abc/xhr", "/");
    for (String path : paths) {
      ATTACKS.attack("CORS", () -> {
        HttpResponse<Buffer> preflight = http.request(HttpMethod.OPTIONS, path).putHeader("Origin", EVIL)
            .putHeader("Access-Control-Request-Method", "POST").putHeader("Access-Control-Request-Headers", "authorization").send().await();
        assertThat(preflight.getHeader("Access-Control-Allow-Origin")).as("preflight " + path).isNull();
        assertThat(preflight.getHeader("Access-Control-Allow-Credentials")).as("preflight " + path).isNull();
      });
      ATTACKS.attack("CORS", () -> {
        HttpResponse<Buffer> simple = http.get(path).putHeader("Origin", EVIL).putHeader("Authorization", "Bearer " + ada.token()).send().await();
        assertThat(simple.getHeader("Access-Control-Allow-Origin")).as("GET " + path).isNull();
      });
    }
  }

  @Test
  @DisplayName("SVG and HTML are never stored as such: refused by their content, whatever name and type the client gives")
  void activeContentIsRefused() {
    User ada = user("Ada");
    Buffer svg = Buffer.buffer("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
    Buffer html = Buffer.buffer("<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>");
    for (Object[] upload : new Object[][] {
        {"x.svg", svg, "image/svg+xml"}, {"x.png", svg, "image/png"}, {"x.html", html, "text/html"}, {"x.txt", html, "text/plain"},
        {"x.gif", html, "image/gif"}, {"x.xhtml", Buffer.buffer("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>"), "application/xhtml+xml"}}) {
      ATTACKS.attack("active content upload", () -> {
        HttpResponse<Buffer> answer = upload(ada, (String) upload[0], (Buffer) upload[1], (String) upload[2]);
        assertError(answer, 415, "unsupported_type");
      });
    }
  }

  @Test
  @DisplayName("markup that passes as plain text is served as a text/plain attachment, never inline, with nosniff and the CSP")
  void markupInTextIsAnAttachment() {
    User ada = user("Ada");
    Buffer text = Buffer.buffer("hello <script>alert(1)</script> <img src=x onerror=alert(2)>", "UTF-8");
    HttpResponse<Buffer> stored = upload(ada, "note.html", text, "text/html");
    ATTACKS.tried("markup served inline", 1);
    if (stored.statusCode() == 415) {
      ATTACKS.refused("markup served inline", 1); // refused outright: even better
      return;
    }
    assertThat(stored.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> served = download(ada, stored.bodyAsJsonObject().getString("url"));
    assertThat(served.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(served.getHeader("Content-Disposition")).startsWith("attachment;").doesNotContain(".html");
    assertSecurityHeaders("download", served);
    ATTACKS.refused("markup served inline", 1);
  }

  @Test
  @DisplayName("a picture that is also markup (a polyglot) is served as the picture, with nosniff")
  void aPolyglotIsServedAsItsPicture() {
    User ada = user("Ada");
    Buffer polyglot = png().appendString("<html><script>alert(1)</script></html>");
    HttpResponse<Buffer> stored = upload(ada, "p.html", polyglot, "text/html");
    ATTACKS.attack("polyglot", () -> {
      assertThat(stored.statusCode()).isEqualTo(201);
      HttpResponse<Buffer> served = download(ada, stored.bodyAsJsonObject().getString("url"));
      assertThat(served.getHeader("Content-Type")).isEqualTo("image/png");
      assertThat(served.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(served.getHeader("Content-Disposition")).doesNotContain(".html");
    });
  }

  @Test
  @DisplayName("no path reaches outside the page's folder or the file store, however it is encoded")
  void pathTraversalIsRefused() {
    User ada = user("Ada");
    List<String> paths = List.of(
        "/../pom.xml", "/..%2Fpom.xml", "/%2e%2e/%2e%2e/pom.xml", "/%2e%2e%2f%2e%2e%2fpom.xml", "/vendor/../../pom.xml",
        "/vendor/..%2F..%2Fpom.xml", "/..%5C..%5Cpom.xml", "/%252e%252e/pom.xml", "/..;/pom.xml", "/index.html%00.png",
        "/../logback-test.xml", "/..%2Flogback-test.xml", "/%2e%2e/io/confab/files/StaticFiles.class", "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/files/..%2F..%2Fetc%2Fpasswd", "/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/files/../../etc/passwd", "/files/..", "/files/%2e%2e", "/files/x/..%2F..%2Fpom.xml", "/files/x%00../../etc/passwd",
        "/api/v1/../../pom.xml", "/eventbus/../pom.xml", "/eventbus/..%2F..%2Fpom.xml", "//etc/passwd", "/./../pom.xml");
    for (String path : paths) {
      ATTACKS.attack("path traversal", () -> {
        HttpResponse<Buffer> answer = http.request(HttpMethod.GET, new RequestOptions().setURI(path))
            .putHeader("Authorization", "Bearer " + ada.token()).send().await();
        String body = answer.body() == null ? "" : answer.body().toString(StandardCharsets.ISO_8859_1);
        assertThat(body).as(path).doesNotContain("root:x:0:0", "<project", "<configuration", "\u00ca\u00fe\u00ba\u00be");
        assertThat(answer.statusCode()).as(path).isIn(200, 400, 404);
        if (answer.statusCode() == 200) {
          assertThat(body).as(path + ": only the page itself").contains("<title>Confab</title>");
        }
      });
    }
  }
}

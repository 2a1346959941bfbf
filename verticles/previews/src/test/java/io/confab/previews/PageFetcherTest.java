package io.confab.previews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.testing.TestSite;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fetch against a site on loopback, which only {@code preview-allow-hosts} lets it reach. */
class PageFetcherTest {

  private static final String OG_PAGE = """
      <html><head><title>Plain title</title>
      <meta property="og:title" content="  The   OG title ">
      <meta property="og:description" content="What the page is about">
      <meta property="og:site_name" content="Example Site">
      </head><body><script>alert(1)</script></body></html>""";

  private Vertx vertx;
  private TestSite site;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    site = TestSite.start(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A generous time limit: the limit itself is {@link #aPageThatNeverEndsIsGivenUp}'s, and these run on busy shared cores. */
  private PageFetcher fetcher(Set<String> allowHosts) {
    return fetcher(allowHosts, Duration.ofSeconds(30));
  }

  private PageFetcher fetcher(Set<String> allowHosts, Duration timeout) {
    return new PageFetcher(vertx, vertx.createHttpClient(PageFetcher.clientOptions()), allowHosts, timeout);
  }

  private Set<String> allowingTheSite() {
    return Set.of("127.0.0.1:" + site.port());
  }

  private JsonObject preview(String link, Set<String> allowHosts) {
    return PageMeta.preview(link, fetcher(allowHosts).fetch(link).await());
  }

  @Test
  @DisplayName("a page on loopback is fetched only because preview-allow-hosts names it: title, description and site name from Open Graph")
  void anAllowedHostGivesItsOpenGraphPreview() {
    site.html("/og", OG_PAGE);

    assertThat(preview(site.url("/og"), allowingTheSite())).isEqualTo(new JsonObject().put("url", site.url("/og"))
        .put("title", "The OG title").put("description", "What the page is about").put("siteName", "Example Site"));
  }

  @Test
  @DisplayName("without Open Graph the <title> and the meta description are taken")
  void withoutOpenGraphTheTitleIsTaken() {
    site.html("/plain", "<html><head><title>Just a title</title><meta name=description content='Described'></head></html>");

    assertThat(preview(site.url("/plain"), allowingTheSite()))
        .isEqualTo(new JsonObject().put("url", site.url("/plain")).put("title", "Just a title").put("description", "Described"));
  }

  @Test
  @DisplayName("the default configuration refuses the same loopback page and never connects to it")
  void theDefaultConfigurationRefusesLoopback() {
    site.html("/og", OG_PAGE);

    assertThatThrownBy(() -> fetcher(Set.of()).fetch(site.url("/og")).await()).isInstanceOf(Target.Refused.class);
    assertThat(site.hits("/og")).isZero();
  }

  @Test
  @DisplayName("names and addresses that lead inside are refused before any connection, on the default ports too")
  void internalAddressesAreRefusedOnTheDefaultPorts() {
    for (String link : new String[] {"http://localhost/", "http://127.0.0.1/", "https://[::1]/", "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/", "http://10.0.0.1/"}) {
      assertThatThrownBy(() -> fetcher(Set.of()).fetch(link).await()).as(link).isInstanceOf(Target.Refused.class).hasMessage("address");
    }
  }

  @Test
  @DisplayName("a redirect from an allowed host to a refused address stops there")
  void aRedirectToARefusedAddressStops() {
    site.page("/away", request -> request.response().setStatusCode(302).putHeader("Location", "http://169.254.169.254/latest/meta-data/").end());

    assertThatThrownBy(() -> fetcher(allowingTheSite()).fetch(site.url("/away")).await()).hasMessage("address");
    assertThat(site.hits("/away")).isEqualTo(1);
  }

  @Test
  @DisplayName("redirects are followed by hand, each checked again, at most three")
  void atMostThreeRedirects() {
    site.page("/r1", request -> request.response().setStatusCode(301).putHeader("Location", "/r2").end());
    site.page("/r2", request -> request.response().setStatusCode(302).putHeader("Location", site.url("/r3")).end());
    site.page("/r3", request -> request.response().setStatusCode(307).putHeader("Location", "/og").end());
    site.page("/r0", request -> request.response().setStatusCode(308).putHeader("Location", "/r1").end());
    site.html("/og", OG_PAGE);

    assertThat(preview(site.url("/r1"), allowingTheSite()).getString("title")).isEqualTo("The OG title");
    assertThatThrownBy(() -> fetcher(allowingTheSite()).fetch(site.url("/r0")).await()).hasMessage("redirects");
  }

  @Test
  @DisplayName("a body past 512 KiB gives no page: reading stops there")
  void aBodyPast512KiBIsRefused() {
    String filler = "<p>" + "x".repeat(600 * 1024) + "</p>";
    site.html("/big", "<html><head><title>Big</title></head><body>" + filler + "</body></html>");

    assertThatThrownBy(() -> fetcher(allowingTheSite()).fetch(site.url("/big")).await()).hasMessage("too_large");
  }

  @Test
  @DisplayName("only text/html is read: JSON, an image or no type give no page")
  void onlyHtmlIsRead() {
    site.page("/json", request -> request.response().putHeader("Content-Type", "application/json").end("{\"title\":\"x\"}"));
    site.page("/untyped", request -> request.response().end("<title>x</title>"));

    assertThatThrownBy(() -> fetcher(allowingTheSite()).fetch(site.url("/json")).await()).hasMessage("content_type");
    assertThatThrownBy(() -> fetcher(allowingTheSite()).fetch(site.url("/untyped")).await()).hasMessage("content_type");
  }

  @Test
  @DisplayName("a link with credentials or a numeric host form is refused before any lookup")
  void badInputsAreRefused() {
    for (String link : new String[] {"http://user:pw@127.0.0.1:" + site.port() + "/og", "http://2130706433/", "http://0x7f.1/",
        "http://017700000001/", "http://0x7f000001/"}) {
      assertThatThrownBy(() -> fetcher(allowingTheSite()).fetch(link).await()).as(link).isInstanceOf(Target.Refused.class);
    }
    assertThat(site.hits("/og")).isZero();
  }

  @Test
  @DisplayName("a page that never finishes is given up at the time limit, the request reset")
  void aPageThatNeverEndsIsGivenUp() {
    site.page("/stalled", request -> request.response().setChunked(true).putHeader("Content-Type", "text/html").write("<title>Never"));

    assertThatThrownBy(() -> fetcher(allowingTheSite(), Duration.ofMillis(500)).fetch(site.url("/stalled")).await()).hasMessage("timeout");
  }

  @Test
  @DisplayName("a page with neither title nor description gives no preview")
  void aPageWithNothingToShowGivesNone() {
    String path = "/empty-" + UUID.randomUUID();
    site.html(path, "<html><body>hello</body></html>");

    assertThat(preview(site.url(path), allowingTheSite())).isNull();
  }
}

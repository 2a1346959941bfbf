package io.confab.previews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * https: the worker connects to the address it checked (127.0.0.1), yet speaks to the server as the
 * link's host: the Host header, the TLS server name, and the certificate checked against that name.
 */
class PageFetcherTlsTest {

  private Vertx vertx;
  private final AtomicReference<String> serverName = new AtomicReference<>();
  private final AtomicReference<String> hostHeader = new AtomicReference<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A page over TLS on 127.0.0.1 with {@code certificate}; its port. */
  private int serve(SelfSignedCertificate certificate) {
    int port = FreePorts.next();
    vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(request -> {
          serverName.set(request.connection().indicatedServerName());
          hostHeader.set(request.getHeader("Host"));
          request.response().putHeader("Content-Type", "text/html").end("<title>Secure</title>");
        }).listen(port, "127.0.0.1").await();
    return port;
  }

  /** A fetcher trusting {@code certificate} (as a public CA would be), allowed to reach localhost on {@code port}. */
  private PageFetcher trusting(SelfSignedCertificate certificate, int port) {
    return new PageFetcher(vertx, vertx.createHttpClient(PageFetcher.clientOptions().setTrustOptions(certificate.trustOptions())),
        Set.of("localhost:" + port), Duration.ofSeconds(60)); // a first TLS handshake on busy shared cores may take seconds
  }

  @Test
  @DisplayName("the checked address is asked as the link's host: Host header, TLS server name, certificate verified for that name")
  void theLinksHostIsTheServerName() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    int port = serve(certificate);

    PageFetcher.Page page = trusting(certificate, port).fetch("https://localhost:" + port + "/").await();

    assertThat(page.body().toString()).contains("Secure");
    assertThat(hostHeader.get()).isEqualTo("localhost:" + port);
    assertThat(serverName.get()).isEqualTo("localhost");
    certificate.delete();
  }

  @Test
  @DisplayName("a certificate for another name than the link's host is refused, though its issuer is trusted")
  void aCertificateForAnotherNameIsRefused() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("example.org");
    int port = serve(certificate);

    assertThatThrownBy(() -> trusting(certificate, port).fetch("https://localhost:" + port + "/").await()).isNotInstanceOf(Target.Refused.class);
    assertThat(hostHeader.get()).isNull();
    certificate.delete();
  }
}

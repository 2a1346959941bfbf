package io.confab.previews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {

  @ParameterizedTest(name = "{0}: {1}")
  @DisplayName("links the worker never fetches: other schemes, credentials, numeric hosts other than a dotted quad, other ports")
  @CsvSource({
      "ftp://example.org/, scheme",
      "javascript:alert(1), scheme",
      "file:///etc/passwd, scheme",
      "http://user:secret@example.org/, credentials",
      "http://user@example.org/, credentials",
      "http://2130706433/, numeric_host",
      // java.net.URI reads no host at all from these two (a last label that starts with a digit)
      "http://0x7f.1/, host",
      "http://127.1/, host",
      "http://0x7f000001/, numeric_host",
      "http://017700000001/, numeric_host",
      "http://0177.0.0.1/, numeric_host",
      "http://example.org:8080/, port",
      "https://example.org:22/, port",
      "http:///path, host"})
  void refused(String link, String reason) {
    assertThatThrownBy(() -> Target.of(link, Set.of())).isInstanceOf(Target.Refused.class).hasMessage(reason);
  }

  @Test
  @DisplayName("a port other than 80 and 443 only for a host[:port] of preview-allow-hosts")
  void anAllowedHostMayUseItsPort() {
    Target target = Target.of("http://127.0.0.1:8123/page?q=1", Set.of("127.0.0.1:8123"));

    assertThat(target.allowListed()).isTrue();
    assertThat(target.pathAndQuery()).isEqualTo("/page?q=1");
    assertThatThrownBy(() -> Target.of("http://127.0.0.1:8124/", Set.of("127.0.0.1:8123"))).hasMessage("port");
  }

  @Test
  @DisplayName("a named host, a dotted quad and a bracketed IPv6 literal are taken, not allow-listed by default")
  void ordinaryLinksAreTaken() {
    assertThat(Target.of("https://Example.org./a", Set.of()).host()).isEqualTo("example.org");
    assertThat(Target.of("http://127.0.0.1/", Set.of()).allowListed()).isFalse();
    assertThat(Target.of("http://[::1]/", Set.of()).host()).isEqualTo("::1");
  }
}

package io.confab.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private final ClientAddress behindIngress = ClientAddress.trusting("10.0.0.0/8, 2001:db8:a::/48");

  @Test
  @DisplayName("with no trusted proxy the peer's address counts, whatever X-Forwarded-For says")
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertThat(ClientAddress.trusting(null).of("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("10.1.2.3");
    assertThat(ClientAddress.trusting(" ").of("10.1.2.3", List.of("198.51.100.7"))).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("from a peer outside the trusted CIDRs the header is ignored")
  void anUntrustedPeerCannotSpoofItsAddress() {
    assertThat(behindIngress.of("192.0.2.44", List.of("198.51.100.7"))).isEqualTo("192.0.2.44");
    assertThat(behindIngress.of("2001:db8:b::1", List.of("198.51.100.7"))).isEqualTo("2001:db8:b::1");
  }

  @Test
  @DisplayName("from a trusted proxy the client is the right-most entry that is not itself a trusted proxy")
  void theRightMostUntrustedEntryIsTheClient() {
    assertThat(behindIngress.of("10.0.0.5", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(behindIngress.of("10.0.0.5", List.of("203.0.113.1, 198.51.100.7, 10.9.9.9"))).as("spoofed left, two proxies")
        .isEqualTo("198.51.100.7");
    assertThat(behindIngress.of("10.0.0.5", List.of("203.0.113.1", "198.51.100.7"))).as("the header given twice")
        .isEqualTo("198.51.100.7");
  }

  @Test
  @DisplayName("IPv6 proxies and clients, with brackets and ports as proxies write them, in one canonical form")
  void ipv6AndPortsAreUnderstood() {
    assertThat(behindIngress.of("2001:db8:a::2", List.of("[2001:DB8:0:0::1]:4711"))).isEqualTo("2001:db8::1");
    assertThat(behindIngress.of("10.0.0.5", List.of("198.51.100.7:50123"))).isEqualTo("198.51.100.7");
  }

  @Test
  @DisplayName("without the header, or when every entry is trusted, the furthest trusted hop counts; garbage stops the walk")
  void theWalkStopsAtWhatItCannotTrust() {
    assertThat(behindIngress.of("10.0.0.5", List.of())).isEqualTo("10.0.0.5");
    assertThat(behindIngress.of("10.0.0.5", List.of("10.7.7.7"))).isEqualTo("10.7.7.7");
    assertThat(behindIngress.of("10.0.0.5", List.of("198.51.100.7, unknown"))).isEqualTo("10.0.0.5");
    assertThat(behindIngress.of("10.0.0.5", List.of("evil.example.org"))).as("names are never looked up").isEqualTo("10.0.0.5");
  }

  @Test
  @DisplayName("a value that is not a CIDR is refused with the option's name")
  void badCidrsAreRefused() {
    for (String bad : List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "ingress.local", "10.0.0.0/x")) {
      assertThatThrownBy(() -> ClientAddress.trusting(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--trusted-proxies");
    }
  }
}

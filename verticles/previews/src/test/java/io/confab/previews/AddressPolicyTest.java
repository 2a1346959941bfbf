package io.confab.previews;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  @ParameterizedTest(name = "{0} is refused")
  @DisplayName("every internal, reserved or non-unicast range is refused, in IPv4 and in its IPv6 forms")
  @ValueSource(strings = {
      // IPv4, each refused block at its edges
      "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1", "127.255.255.254",
      "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1",
      "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1",
      "255.255.255.255",
      // IPv6
      "::", "::1", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "ff02::1", "ff0e::1", "fec0::1", "100::1",
      "2001:db8::1", "3fff::1", "2001:2::1", "2001:10::1", "64:ff9b:1::1",
      // IPv4-compatible (deprecated) forms
      "::127.0.0.1", "::10.0.0.1",
      // IPv4-mapped forms of refused IPv4
      "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:100.64.0.1", "::ffff:0.0.0.0",
      // NAT64 forms
      "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::c0a8:101",
      // 6to4 forms
      "2002:7f00:1::1", "2002:a00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::1", "2002:6440:1::1",
      // Teredo (refused whole), even with a public server and client inside
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:0:808:808::1"})
  void refused(String address) throws UnknownHostException {
    assertThat(AddressPolicy.allows(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest(name = "{0} is allowed")
  @DisplayName("public unicast addresses are allowed, IPv4 and IPv6, and the IPv6 forms of a public IPv4 too")
  @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1", "192.169.0.1",
      "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
  void allowed(String address) throws UnknownHostException {
    assertThat(AddressPolicy.allows(InetAddress.getByName(address))).isTrue();
  }
}

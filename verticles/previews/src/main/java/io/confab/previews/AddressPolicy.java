package io.confab.previews;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a link preview may connect to: public unicast only. Judged on the address the fetch
 * connects to, after resolution, never on a name. IPv6 must be global unicast (2000::/3) outside the
 * reserved blocks; the IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64's 64:ff9b::/96, 6to4's
 * 2002::/16) are judged by that IPv4 address; Teredo (2001::/32) is refused whole with the rest of the
 * IETF block 2001::/23, since what it reaches depends on a relay.
 */
final class AddressPolicy {

  /** IPv4 blocks refused (IANA's special-purpose registry: none of them is a public web server). */
  static final List<String> REFUSED_V4 = List.of(
      "0.0.0.0/8",        // "this network", unspecified
      "10.0.0.0/8",       // private (RFC 1918)
      "100.64.0.0/10",    // shared address space, carrier-grade NAT
      "127.0.0.0/8",      // loopback
      "169.254.0.0/16",   // link-local (cloud metadata services)
      "172.16.0.0/12",    // private (RFC 1918)
      "192.0.0.0/24",     // IETF protocol assignments
      "192.0.2.0/24",     // documentation
      "192.88.99.0/24",   // 6to4 relay anycast
      "192.168.0.0/16",   // private (RFC 1918)
      "198.18.0.0/15",    // benchmarking
      "198.51.100.0/24",  // documentation
      "203.0.113.0/24",   // documentation
      "224.0.0.0/4",      // multicast
      "240.0.0.0/4");     // reserved, and 255.255.255.255 broadcast

  /** IPv6 blocks refused inside global unicast 2000::/3 (everything outside it is refused anyway). */
  static final List<String> REFUSED_V6 = List.of(
      "2001::/23",        // IETF protocol assignments: Teredo, benchmarking, ORCHID
      "2001:db8::/32",    // documentation
      "3fff::/20");       // documentation

  private static final IpSubnetFilterRule GLOBAL_UNICAST = rule("2000::/3");
  private static final IpSubnetFilterRule NAT64 = rule("64:ff9b::/96");
  private static final IpSubnetFilterRule SIX_TO_FOUR = rule("2002::/16");
  private static final List<IpSubnetFilterRule> V4 = REFUSED_V4.stream().map(AddressPolicy::rule).toList();
  private static final List<IpSubnetFilterRule> V6 = REFUSED_V6.stream().map(AddressPolicy::rule).toList();

  static boolean allows(InetAddress address) {
    if (address instanceof Inet4Address) {
      return V4.stream().noneMatch(block -> matches(block, address));
    }
    byte[] bytes = address.getAddress();
    if (mapped(bytes) || matches(NAT64, address)) {
      return allows(v4(Arrays.copyOfRange(bytes, 12, 16)));
    }
    if (matches(SIX_TO_FOUR, address)) {
      return allows(v4(Arrays.copyOfRange(bytes, 2, 6)));
    }
    return address instanceof Inet6Address && matches(GLOBAL_UNICAST, address) && V6.stream().noneMatch(block -> matches(block, address));
  }

  /** ::ffff:0:0/96 (InetAddress mostly hands these over as IPv4 already; netty's rules cannot name the block). */
  private static boolean mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static boolean matches(IpSubnetFilterRule block, InetAddress address) {
    return block.matches(new InetSocketAddress(address, 0));
  }

  private static InetAddress v4(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static IpSubnetFilterRule rule(String cidr) {
    int slash = cidr.indexOf('/');
    return new IpSubnetFilterRule(cidr.substring(0, slash), Integer.parseInt(cidr.substring(slash + 1)), IpFilterRuleType.REJECT);
  }

  private AddressPolicy() {
  }
}

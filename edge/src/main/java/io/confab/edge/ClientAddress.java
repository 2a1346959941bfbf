package io.confab.edge;

import io.confab.contract.ConfigKeys;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The address a request comes from, as the per-address throttles count it: the TCP peer's, unless the
 * peer is one of the trusted proxies ({@code trusted-proxies}: CIDRs, IPv4 or IPv6). From those, it is
 * the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy: every proxy appends
 * the peer it saw, so what lies left of that entry is whatever the client chose to send. From any other
 * peer the header is ignored. Addresses are parsed as literals only, never looked up.
 */
public final class ClientAddress {

  static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final ClientAddress PEER_ONLY = new ClientAddress(List.of());

  private final List<IpSubnetFilterRule> trusted;

  private ClientAddress(List<IpSubnetFilterRule> trusted) {
    this.trusted = trusted;
  }

  /**
   * From {@code CIDR,...} (an address alone is that one host); none, null or blank trusts no proxy.
   * A value that is not a CIDR fails with a message naming the option.
   */
  public static ClientAddress trusting(Object cidrs) {
    String text = cidrs == null ? "" : String.valueOf(cidrs);
    List<IpSubnetFilterRule> rules = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(ClientAddress::rule).toList();
    return rules.isEmpty() ? PEER_ONLY : new ClientAddress(rules);
  }

  public String of(HttpServerRequest request) {
    return of(request.remoteAddress().hostAddress(), request.headers().getAll(FORWARDED_FOR));
  }

  /** {@code forwardedFor}: every value of the header, in the order received. */
  String of(String peer, List<String> forwardedFor) {
    InetAddress hop = literal(peer);
    if (hop == null || !isTrusted(hop)) {
      return peer;
    }
    List<String> entries = forwardedFor.stream().flatMap(value -> Arrays.stream(value.split(",")))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    // From the right: each trusted hop vouches for the entry left of it. An entry that is no address
    // stops the walk at the last hop vouched for.
    for (int i = entries.size() - 1; i >= 0 && isTrusted(hop); i--) {
      InetAddress entry = literal(entries.get(i));
      if (entry == null) {
        break;
      }
      hop = entry;
    }
    return NetUtil.toAddressString(hop);
  }

  private boolean isTrusted(InetAddress address) {
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    return trusted.stream().anyMatch(rule -> rule.matches(socket));
  }

  private static IpSubnetFilterRule rule(String cidr) {
    int slash = cidr.indexOf('/');
    InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
    if (address != null) {
      int bits = address instanceof Inet4Address ? 32 : 128;
      try {
        int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        if (prefix >= 0 && prefix <= bits) {
          return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
        }
      } catch (NumberFormatException e) {
        // reported below with the option's name
      }
    }
    throw new IllegalArgumentException("--" + ConfigKeys.TRUSTED_PROXIES + ": '" + cidr
        + "' is not a CIDR (an IPv4 or IPv6 address, optionally /prefix-length)");
  }

  /**
   * An IP literal as proxies write it ({@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
   * {@code [2001:db8::1]:4711}); null for anything else.
   */
  static InetAddress literal(String text) {
    String address = text.trim();
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      address = end < 0 ? "" : address.substring(1, end);
    } else if (address.indexOf(':') == address.lastIndexOf(':') && address.indexOf(':') > 0) {
      address = address.substring(0, address.indexOf(':'));
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}

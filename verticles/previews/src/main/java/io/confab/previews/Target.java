package io.confab.previews;

import io.netty.util.NetUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A link as the worker may fetch it: http or https, no credentials, a host name or a canonical IP
 * literal, port 80 or 443 unless the host[:port] is allowed ({@code preview-allow-hosts}). A host in a
 * numeric form other than the dotted quad (http://2130706433/, http://0x7f.1/, http://017700000001/,
 * http://127.1/) is refused: browsers and some resolvers read those as addresses, and a policy that
 * judged them as names would be walked around.
 *
 * @param host the URL's host, lower case, IPv6 literals without brackets
 * @param allowListed whether {@code preview-allow-hosts} lets this host and port through the address policy
 */
record Target(URI uri, boolean https, String host, int port, boolean allowListed) {

  /** The last label of a host that a WHATWG URL parser would read as a number (decimal, octal or hex). */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(0[xX][0-9a-fA-F]*|[0-9]+)");

  /** A link, or a redirect's location resolved against the page that gave it, refused with {@link Refused} when not fetchable. */
  static Target of(URI link, Set<String> allowHosts) {
    String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("scheme");
    }
    if (link.getRawUserInfo() != null || link.getRawAuthority() != null && link.getRawAuthority().contains("@")) {
      throw new Refused("credentials");
    }
    String host = link.getHost();
    if (host == null || host.isEmpty()) {
      throw new Refused("host");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!NetUtil.isValidIpV6Address(host) && !NetUtil.isValidIpV4Address(host)
        && NUMERIC_LABEL.matcher(host.substring(host.lastIndexOf('.') + 1)).matches()) {
      throw new Refused("numeric_host");
    }
    boolean https = scheme.equals("https");
    int port = link.getPort() == -1 ? (https ? 443 : 80) : link.getPort();
    String named = host.contains(":") ? "[" + host + "]" : host;
    boolean allowListed = allowHosts.contains(named + ":" + port) || (port == 80 || port == 443) && allowHosts.contains(named);
    if (!allowListed && port != 80 && port != 443) {
      throw new Refused("port");
    }
    return new Target(link, https, host, port, allowListed);
  }

  static Target of(String link, Set<String> allowHosts) {
    try {
      return of(new URI(link), allowHosts);
    } catch (URISyntaxException e) {
      throw new Refused("syntax");
    }
  }

  /** The request's path and query, as the link has them. */
  String pathAndQuery() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** A link the policy does not let the worker fetch: {@code reason} goes to the log, never to a client. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }
}

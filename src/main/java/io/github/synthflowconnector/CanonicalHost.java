package io.github.synthflowconnector;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One spelling per host, so that the allow-list compares what the HTTP client will connect to and
 * not what the text looks like. The spelling returned is the one put into the URI that is sent:
 * what was checked is what is used.
 *
 * <p>The danger is two parsers reading one string differently. {@code 0177.0.0.1} is 127.0.0.1 to a
 * browser and to the C resolver (octal), 177.0.0.1 to a decimal parser, and Java hands a string it
 * does not take for an address literal to the system resolver. So every IPv4 address must be
 * written the one way all of them agree on (four decimal numbers without leading zeros), and
 * anything whose last label is numeric, the way a URL parser decides "this is an address", is held
 * to that.
 */
final class CanonicalHost {

  private static final Pattern CANONICAL_IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

  /** A last label that makes a URL parser read the whole host as an IPv4 address. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** IPv6 literal characters only: no zone ({@code %eth0}), no percent-encoding. */
  private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]+");

  private CanonicalHost() {}

  /**
   * The canonical form of a URI's host: a lower-case DNS name without trailing dot, a dotted IPv4
   * address, or a bracketed, compressed IPv6 address (an IPv4-mapped one becomes its IPv4).
   *
   * @param host {@link java.net.URI#getHost()}, never resolved
   * @throws InvalidInputException with field {@code host} and the problem, never quoting the host
   */
  static String of(String host) {
    String text = host.toLowerCase(Locale.ROOT);
    if (text.startsWith("[") && text.endsWith("]")) {
      return ipv6(text.substring(1, text.length() - 1));
    }
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1); // the root label: same host, one spelling
    }
    String[] labels = text.split("\\.", -1);
    if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
      if (!CANONICAL_IPV4.matcher(text).matches()) {
        throw problem(
            "is an IPv4 address written in a non-canonical form (one number, octal or hex parts,"
                + " fewer than four parts or leading zeros), which resolvers read differently:"
                + " write it as four decimal numbers without leading zeros, such as 127.0.0.1");
      }
      return text;
    }
    if (text.length() > 253) {
      throw problem("is longer than the 253 characters a host name can have");
    }
    for (String label : labels) {
      if (!DNS_LABEL.matcher(label).matches()) {
        throw problem(
            "is not a valid host name: labels of letters, digits and inner '-', separated by"
                + " single dots (write an internationalised name in its xn-- form)");
      }
    }
    return text;
  }

  static boolean isLoopback(String canonicalHost) {
    return canonicalHost.equals("localhost")
        || canonicalHost.equals("[::1]")
        || (canonicalHost.startsWith("127.") && CANONICAL_IPV4.matcher(canonicalHost).matches());
  }

  private static String ipv6(String literal) {
    String expected = "must be a plain IPv6 address (no zone or percent-encoding)";
    // Only literal characters, so that getByName parses and never looks anything up.
    if (!literal.contains(":") || !IPV6_TEXT.matcher(literal).matches()) {
      throw problem(expected);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw problem(expected);
    }
    if (address instanceof Inet4Address) {
      return address.getHostAddress(); // IPv4-mapped (::ffff:a.b.c.d): the IPv4 it carries
    }
    byte[] bytes = address.getAddress();
    if (((Inet6Address) address).isIPv4CompatibleAddress() && (bytes[12] | bytes[13]) != 0) {
      // ::a.b.c.d is deprecated and routed as IPv6, not as the IPv4 it looks like: ambiguous.
      throw problem(
          "is an IPv4-compatible IPv6 address (::a.b.c.d), which is deprecated and ambiguous:"
              + " write the IPv4 address itself");
    }
    return "[" + compressed(bytes) + "]";
  }

  /**
   * RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups as ::.
   */
  static String compressed(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
      } else {
        if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
    }
    return text.toString();
  }

  private static InvalidInputException problem(String problem) {
    return new InvalidInputException("host", problem);
  }
}

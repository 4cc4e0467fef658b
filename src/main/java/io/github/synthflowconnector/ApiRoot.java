package io.github.synthflowconnector;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An API root in one spelling: the scheme and host in lower case, the host canonical ({@link
 * CanonicalHost}), the port only when it is not the scheme's default, the path without trailing
 * slashes. Task inputs and the operator's allow-list entries are read by this same parser, so the
 * two cannot disagree about what a URL means; {@link #toUri()} is what the request goes to.
 *
 * @param scheme {@code https}, or {@code http} for a loopback host
 * @param host the canonical host
 * @param port the explicit port, or -1 for the scheme's default
 * @param path empty, or plain segments each starting with {@code /}
 */
record ApiRoot(String scheme, String host, int port, String path) {

  /** Path segments: unreserved characters only, no dot segments, nothing percent-encoded. */
  static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*");

  ApiRoot {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Reads an absolute {@code https://host[:port][/path]} URL.
   *
   * @throws InvalidInputException naming {@code field}, never quoting the value
   */
  static ApiRoot parse(String value, String field) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new InvalidInputException(field, "is not a valid URL: expected https://host/v2");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
      throw new InvalidInputException(field, "must be an absolute URL such as https://host/v2");
    }
    if (uri.getRawAuthority().contains("@")) {
      throw new InvalidInputException(field, "must not contain credentials (user@host)");
    }
    if (uri.getHost() == null && !isAscii(uri.getRawAuthority())) {
      return parse(asciiHost(value.strip(), uri.getRawAuthority(), field), field);
    }
    if (uri.getHost() == null) {
      // java.net.URI leaves the host empty for what is no host name: '%', '_', non-ASCII, ...
      throw new InvalidInputException(
          field,
          "has no usable host: write it in plain ASCII without percent-encoding (an"
              + " internationalised name in its xn-- form), such as https://host/v2");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidInputException(field, "must not contain a query (?) or fragment (#)");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (!BASE_PATH.matcher(path).matches()) {
      throw new InvalidInputException(
          field, "has an unsupported path: use plain segments such as /v2 or /synthflow/v2");
    }
    String host;
    try {
      host = CanonicalHost.of(uri.getHost());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(field, "has a host that " + e.problem());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return new ApiRoot(scheme, host, port(uri, scheme, field), path).checkScheme(field);
  }

  /**
   * The URL with an internationalised host in its ASCII (xn--) form, which is what DNS and the
   * certificate carry; parsed again as a whole, so that whatever the conversion yields (a
   * full-width '@' or '/' becomes the ASCII one) is judged like typed text.
   */
  private static String asciiHost(String url, String authority, String field) {
    String ascii;
    try {
      ascii = IDN.toASCII(authority);
    } catch (IllegalArgumentException e) {
      ascii = null;
    }
    if (ascii == null || !isAscii(ascii)) {
      throw new InvalidInputException(
          field,
          "has a host that is not a valid internationalised name: write it in its xn-- form");
    }
    int start = url.indexOf(authority);
    return url.substring(0, start) + ascii + url.substring(start + authority.length());
  }

  private static boolean isAscii(String text) {
    return text.chars().allMatch(c -> c < 0x80);
  }

  private static int port(URI uri, String scheme, String field) {
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw new InvalidInputException(field, "has a port outside 1 to 65535");
    }
    return port == defaultPort(scheme) ? -1 : port;
  }

  private ApiRoot checkScheme(String field) {
    if (scheme.equals("http")) {
      if (!isLoopback()) {
        throw new InvalidInputException(
            field,
            "must use https: the API key would travel in clear text (http is accepted only for"
                + " localhost)");
      }
    } else if (!scheme.equals("https")) {
      throw new InvalidInputException(field, "must start with https://");
    }
    return this;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -2;
  }

  boolean isLoopback() {
    return CanonicalHost.isLoopback(host);
  }

  /**
   * Whether a request under this root stays within {@code allowed}: same scheme, host and port, and
   * a path that is the allowed one or continues it after a {@code /} (so {@code /synthflow} covers
   * {@code /synthflow/v2}, not {@code /synthflow-admin}).
   */
  boolean within(ApiRoot allowed) {
    return scheme.equals(allowed.scheme)
        && host.equals(allowed.host)
        && port == allowed.port
        && (path.equals(allowed.path) || path.startsWith(allowed.path + "/"));
  }

  /** The URI requests go to: exactly the parts that were checked, nothing re-read from input. */
  URI toUri() {
    return URI.create(scheme + "://" + host + (port == -1 ? "" : ":" + port) + path);
  }

  @Override
  public String toString() {
    return toUri().toString();
  }
}

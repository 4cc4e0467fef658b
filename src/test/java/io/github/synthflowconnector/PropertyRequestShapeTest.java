package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.synthflowconnector.HostileJobs.Timed;
import io.github.synthflowconnector.HostileServer.Exchange;
import io.github.synthflowconnector.HostileServer.Request;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a modeler or a FEEL expression puts into phone number and base URL: either the job fails
 * with INVALID_INPUT and nothing is sent, or exactly one DELETE goes to {@code <base
 * path>/numbers/<slug>} with a safe slug, no extra segment, query or fragment, and no header that
 * the connector did not mean to send.
 */
class PropertyRequestShapeTest {

  static final Pattern SAFE_SLUG = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * At least this share of the base-URL property's tries must send a request: its generators build
   * valid URLs on purpose, so that the rule for what is sent is exercised, not only rejections.
   */
  static final double MIN_BASE_URL_SENDING_SHARE = 0.30;

  /** What HttpClient and the connector send; anything else would be injected. */
  static final Set<String> EXPECTED_HEADERS =
      Set.of("host", "authorization", "accept", "user-agent", "accept-encoding", "connection");

  static HostileRig rig;
  static final AtomicInteger tried = new AtomicInteger();
  static final AtomicInteger sent = new AtomicInteger();
  static final AtomicInteger rejected = new AtomicInteger();
  static final AtomicInteger baseUrlTried = new AtomicInteger();
  static final AtomicInteger baseUrlSent = new AtomicInteger();
  static long startNanos;

  @BeforeContainer
  static void start() throws IOException {
    rig = HostileRig.start();
    startNanos = System.nanoTime();
  }

  @AfterContainer
  static void stop() throws IOException {
    System.out.printf(
        "[hostile] property tests: %d generated inputs tried, %d sent exactly one request, %d"
            + " rejected as INVALID_INPUT with no request, in %d ms; base URLs: %d of %d sent%n",
        tried.get(),
        sent.get(),
        rejected.get(),
        (System.nanoTime() - startNanos) / 1_000_000,
        baseUrlSent.get(),
        baseUrlTried.get());
    rig.close();
    if (tried.get() > 0 && allPropertiesRan()) {
      // At least: a failing property's shrinking tries more; fewer would mean jqwik cut the run.
      assertThat(tried.get())
          .as("generated inputs per build (README)")
          .isGreaterThanOrEqualTo(ReadmeFigures.requestShapeTriesDeclared());
    }
    if (baseUrlTried.get() > 0) {
      assertThat((double) baseUrlSent.get() / baseUrlTried.get())
          .as("share of generated base URLs that sent a request")
          .isGreaterThanOrEqualTo(MIN_BASE_URL_SENDING_SHARE);
    }
  }

  /** Whether this run tried every property (a run of one property by name tries fewer inputs). */
  static boolean allPropertiesRan() {
    return baseUrlTried.get() > 0 && tried.get() > baseUrlTried.get() + 200;
  }

  @Property(tries = 200)
  void shouldRejectOrSendOneSafeRequest_forAnyPhoneNumber(
      @ForAll("phoneNumbers") Object phoneNumber) {
    check(rig.server().baseUrl(), phoneNumber, "/v2");
  }

  /**
   * With a valid number, the base URL alone decides: it is sent to exactly when the rule below
   * (written out by hand, independently of the connector's own checks) says it is a plain http URL
   * of the loopback server with a path of plain segments, and then to exactly that path.
   */
  @Property(tries = 200)
  void shouldSendExactlyWhenTheBaseUrlIsPlain_forAnyBaseUrl(
      @ForAll("schemesAndAuthorities") String schemeAndAuthority,
      @ForAll("basePaths") String basePath) {
    String authority = "127.0.0.1:" + rig.server().port();
    String baseUrl =
        schemeAndAuthority.replace("PORT", String.valueOf(rig.server().port())) + basePath;
    String expectedPath = ExpectedBaseUrl.pathIfSendable(baseUrl, authority);

    baseUrlTried.incrementAndGet();
    Timed timed = check(baseUrl, "+14155550123", expectedPath);

    boolean wasSent = timed.outcome().kind() == JobOutcome.Kind.COMPLETED;
    assertThat(wasSent)
        .as("sent to %s (expected path %s)", baseUrl, expectedPath)
        .isEqualTo(expectedPath != null);
    if (wasSent) {
      baseUrlSent.incrementAndGet();
      assertThat(rig.server().requests().get(0).target())
          .isEqualTo(expectedPath + "/numbers/14155550123");
    }
  }

  /**
   * Which base URLs the README allows for a loopback server, in plain words: after trimming
   * surrounding whitespace, {@code http://} (any case) and exactly the server's authority, then
   * nothing but a path whose segments (trailing slashes dropped) each consist of letters, digits,
   * '-', '.', '_' or '~' and do not start with a dot. Returns that path, or null when nothing may
   * be sent. Deliberately character by character, with no regular expression shared with the code.
   */
  static final class ExpectedBaseUrl {
    private static final String UNRESERVED =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    static String pathIfSendable(String baseUrl, String authority) {
      String url = baseUrl.strip();
      String prefix = "http://" + authority;
      if (url.length() < prefix.length()
          || !url.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
        return null;
      }
      if (!url.substring(0, authority.length() + 7).substring(7).equals(authority)) {
        return null; // the authority itself is case-sensitive here: digits and a dot only
      }
      String path = url.substring(prefix.length());
      if (!path.isEmpty() && path.charAt(0) != '/') {
        return null; // a query, fragment, user info or port suffix instead of a path
      }
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (path.isEmpty()) {
        return "";
      }
      for (String segment : path.substring(1).split("/", -1)) {
        if (segment.isEmpty() || segment.charAt(0) == '.') {
          return null;
        }
        for (int i = 0; i < segment.length(); i++) {
          if (UNRESERVED.indexOf(segment.charAt(i)) < 0) {
            return null;
          }
        }
      }
      return path;
    }
  }

  @Property(tries = 80)
  void shouldSendTheDigits_forAnyPlausibleE164NumberHoweverWritten(
      @ForAll("e164Numbers") List<String> digitsAndWritten) {
    String digits = digitsAndWritten.get(0);
    Timed timed = check(rig.server().baseUrl(), digitsAndWritten.get(1), "/v2");

    assertThat(timed.outcome().kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
    assertThat(rig.server().requests().get(0).target()).isEqualTo("/v2/numbers/" + digits);
  }

  /** The property itself; expectedBasePath is only consulted when the connector sent a request. */
  static Timed check(String baseUrl, Object phoneNumber, String expectedBasePath) {
    tried.incrementAndGet();
    rig.server().script(Exchange::ok);
    Timed timed = rig.jobs().runChecked(HostileJobs.variables(baseUrl, phoneNumber));
    JobOutcome outcome = timed.outcome();
    List<Request> requests = rig.server().requests();

    if (outcome.kind() != JobOutcome.Kind.COMPLETED) {
      assertThat(outcome.connectorErrorCode()).isEqualTo("INVALID_INPUT");
      assertThat(outcome.retries()).isZero();
      assertThat(requests).isEmpty();
      rejected.incrementAndGet();
      return timed;
    }
    sent.incrementAndGet();
    assertThat(requests).hasSize(1);
    Request request = requests.get(0);
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.requestLine()).endsWith(" HTTP/1.1").doesNotContain("?", "#");
    assertThat(expectedBasePath)
        .as("a base URL the rule rejects must not be sent to (%s)", baseUrl)
        .isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) outcome.variables().get("synthflowResult");
    String slug = (String) result.get("phoneNumberSlug");
    assertThat(slug).matches(SAFE_SLUG);
    assertThat(request.target()).isEqualTo(expectedBasePath + "/numbers/" + slug);

    List<String> names = new ArrayList<>();
    for (String line : request.headerLines()) {
      assertThat(line).doesNotContain("\r", "\n");
      names.add(line.substring(0, Math.max(0, line.indexOf(':'))).toLowerCase(Locale.ROOT));
    }
    assertThat(names).doesNotHaveDuplicates().isSubsetOf(EXPECTED_HEADERS);
    assertThat(request.headerLines())
        .contains("Authorization: Bearer " + HostileSecrets.KEY)
        .contains("Host: 127.0.0.1:" + rig.server().port());
    return timed;
  }

  /** Phone-like text, slugs, injection attempts, numbers and values of the wrong type. */
  @Provide
  Arbitrary<Object> phoneNumbers() {
    Arbitrary<String> hostileChars =
        Arbitraries.strings()
            .withChars("0123456789+ ().-_/\\?#%&=@:;aZ~\r\n\t\u0000")
            .withChars('\u00e9', '\u0663', '\u202e', '\ufeff', '\u2028', '\uff11')
            .ofMinLength(0)
            .ofMaxLength(80);
    Arbitrary<String> injections =
        Arbitraries.of(
            "",
            "/",
            "/../",
            "/..",
            "?x=1",
            "#top",
            "%2F..%2F",
            "%0d%0aX-Injected: 1",
            "\r\nX-Injected: 1",
            " HTTP/1.1\r\nHost: evil",
            "/delete-all",
            ";jsessionid=1",
            "\u0000");
    Arbitrary<String> plausible =
        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(d -> "+" + d);
    Arbitrary<String> slugs =
        Arbitraries.strings().alpha().numeric().withChars("_-").ofMinLength(0).ofMaxLength(70);
    Arbitrary<String> combined =
        Combinators.combine(Arbitraries.oneOf(plausible, slugs), injections, injections)
            .as((core, before, after) -> before + core + after);
    Arbitrary<Object> numbers =
        Arbitraries.oneOf(
            Arbitraries.longs().map(Object.class::cast),
            Arbitraries.bigDecimals()
                .between(new BigDecimal("-1e20"), new BigDecimal("1e20"))
                .ofScale(3)
                .map(Object.class::cast),
            Arbitraries.doubles().between(-1e18, 1e18).map(Object.class::cast));
    Arbitrary<Object> wrongTypes =
        Arbitraries.of(true, List.of("+14155550123", "+14155550124"), Map.of("number", "1"));
    return Arbitraries.frequencyOf(
        Tuple.of(3, hostileChars.map(Object.class::cast)),
        Tuple.of(4, combined.map(Object.class::cast)),
        Tuple.of(2, numbers),
        Tuple.of(1, wrongTypes),
        Tuple.of(2, plausible.map(Object.class::cast)));
  }

  /**
   * Ways to write the start of the URL. The host is always 127.0.0.1, and https is left out (it
   * would reach the plain server as a TLS handshake, not a request): nothing can leave the machine.
   */
  @Provide
  Arbitrary<String> schemesAndAuthorities() {
    Arbitrary<String> valid =
        Arbitraries.of(
            "http://127.0.0.1:PORT",
            "HTTP://127.0.0.1:PORT",
            "Http://127.0.0.1:PORT",
            "  http://127.0.0.1:PORT");
    return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(1, invalidSchemesAndAuthorities()));
  }

  Arbitrary<String> invalidSchemesAndAuthorities() {
    return Arbitraries.of(
        "http://user@127.0.0.1:PORT",
        "http://user:secret@127.0.0.1:PORT",
        "http://127.0.0.1:PORT?x=1",
        "http://127.0.0.1:PORT#top",
        "ftp://127.0.0.1:PORT",
        "file://127.0.0.1:PORT",
        "http:127.0.0.1:PORT",
        "//127.0.0.1:PORT",
        "127.0.0.1:PORT",
        "http:///127.0.0.1:PORT",
        "http://127.0.0.1:PORT\\@x",
        "http://127.0.0.1:PORT%2F");
  }

  /**
   * Paths appended to http://127.0.0.1:port. Most are plain segments (valid on purpose, so that
   * what is sent gets checked) or plain segments with exactly one odd segment among them, so that
   * the outcome turns on that one segment: a dot segment, an encoding, a separator, junk. The rest
   * mix odd segments freely.
   */
  @Provide
  Arbitrary<String> basePaths() {
    Arbitrary<String> plainSegment =
        Combinators.combine(
                Arbitraries.strings().alpha().numeric().withChars("_~-").ofLength(1),
                Arbitraries.strings().alpha().numeric().withChars("._~-").ofMaxLength(11))
            .as((first, rest) -> first + rest);
    Arbitrary<List<String>> plainSegments = plainSegment.list().ofMinSize(0).ofMaxSize(3);
    Arbitrary<String> plain =
        plainSegments
            .map(segments -> "/" + String.join("/", segments))
            .flatMap(path -> Arbitraries.of(path, path + "/", path + "//", path + " "));
    Arbitrary<String> oneOdd =
        Combinators.combine(plainSegments, oddSegments(), Arbitraries.integers().between(0, 3))
            .as((segments, odd, at) -> {
              List<String> all = new ArrayList<>(segments);
              all.add(Math.min(at, all.size()), odd);
              return "/" + String.join("/", all);
            });
    Arbitrary<String> mixed =
        Arbitraries.oneOf(oddSegments(), plainSegment)
            .list()
            .ofMinSize(0)
            .ofMaxSize(4)
            .map(segments -> "/" + String.join("/", segments));
    return Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(3, oneOdd), Tuple.of(1, mixed));
  }

  /** Segments a lenient base-path rule would let through: dots, encodings, separators, junk. */
  Arbitrary<String> oddSegments() {
    return Arbitraries.oneOf(
        // dot segments, each its own share: the likeliest slip of a path rule
        Arbitraries.of(".", "..", ".hidden", ".v2", "...", ".well-known"),
        Arbitraries.of(
            "",
            "%2F",
            "%2e%2e",
            "?q=1",
            "#f",
            "@evil",
            ";x",
            ":8080",
            "a b",
            "\t",
            "\r\nX-Injected: 1",
            "\u00e9",
            "//",
            "\\",
            "v2 x",
            "a+b",
            "a=b",
            "a!",
            "a$",
            "a'b",
            "(a)",
            "*",
            "a,b"),
        // valid ones that look odd: they must be sent
        Arbitraries.of("~u", "_", "-", "v2..", "a.b", "numbers"),
        Arbitraries.strings().alpha().numeric().withChars("._~-").ofMinLength(1).ofMaxLength(12));
  }

  /** A valid E.164 number and one way a person might write it: [digits, written]. */
  @Provide
  Arbitrary<List<String>> e164Numbers() {
    Arbitrary<String> digits =
        Combinators.combine(
                Arbitraries.chars().range('1', '9'),
                Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(14))
            .as((first, rest) -> first + rest);
    Arbitrary<String> separator = Arbitraries.of("", " ", "-", ".", " - ");
    return Combinators.combine(
            digits, separator, Arbitraries.of(true, false), Arbitraries.integers().between(1, 4))
        .as((d, sep, plus, group) -> {
          StringBuilder written = new StringBuilder(plus ? "+" : "");
          for (int i = 0; i < d.length(); i += group) {
            written.append(i == 0 ? "" : sep).append(d, i, Math.min(d.length(), i + group));
          }
          return List.of(d, "  " + written + " ");
        });
  }
}

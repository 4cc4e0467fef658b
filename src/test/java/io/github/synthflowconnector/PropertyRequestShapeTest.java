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
  static final Pattern PLAIN_BASE_PATH = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*");

  /** What HttpClient and the connector send; anything else would be injected. */
  static final Set<String> EXPECTED_HEADERS =
      Set.of("host", "authorization", "accept", "user-agent", "accept-encoding", "connection");

  static HostileRig rig;
  static final AtomicInteger tried = new AtomicInteger();
  static final AtomicInteger sent = new AtomicInteger();
  static final AtomicInteger rejected = new AtomicInteger();
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
            + " rejected as INVALID_INPUT with no request, in %d ms%n",
        tried.get(), sent.get(), rejected.get(), (System.nanoTime() - startNanos) / 1_000_000);
    rig.close();
  }

  @Property(tries = 200)
  void shouldRejectOrSendOneSafeRequest_forAnyPhoneNumber(
      @ForAll("phoneNumbers") Object phoneNumber) {
    check(rig.server().baseUrl(), phoneNumber, "/v2");
  }

  @Property(tries = 200)
  void shouldRejectOrSendOneSafeRequest_forAnyBaseUrl(
      @ForAll("schemesAndAuthorities") String schemeAndAuthority,
      @ForAll("basePaths") String basePath,
      @ForAll("phoneNumbers") Object phoneNumber) {
    String baseUrl =
        schemeAndAuthority.replace("PORT", String.valueOf(rig.server().port())) + basePath;
    check(baseUrl, phoneNumber, basePath.strip().replaceAll("/+$", ""));
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
    assertThat(PLAIN_BASE_PATH.matcher(expectedBasePath).matches())
        .as("a base path with anything but plain segments must be rejected: %s", expectedBasePath)
        .isTrue();
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
    return Arbitraries.of(
        "http://127.0.0.1:PORT",
        "http://127.0.0.1:PORT",
        "HTTP://127.0.0.1:PORT",
        "  http://127.0.0.1:PORT",
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

  /** Paths appended to http://127.0.0.1:port: plain segments, dot segments, encodings, junk. */
  @Provide
  Arbitrary<String> basePaths() {
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.of(
                "v2",
                "",
                ".",
                "..",
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
                "~u",
                "_",
                "-",
                "\u00e9",
                "//",
                "\\",
                "numbers",
                "v2 "),
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("._~-")
                .ofMinLength(1)
                .ofMaxLength(12));
    return segment
        .list()
        .ofMinSize(0)
        .ofMaxSize(4)
        .map(segments -> "/" + String.join("/", segments))
        .injectDuplicates(0.05);
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

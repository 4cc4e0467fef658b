package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.synthflowconnector.HostileJobs.Timed;
import io.github.synthflowconnector.HostileServer.Exchange;
import io.github.synthflowconnector.HostileServer.Request;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;

/**
 * Whatever a modeler or a FEEL expression puts into phone number and base URL: either the job fails
 * with INVALID_INPUT and nothing is sent, or exactly one DELETE goes to {@code <base
 * path>/numbers/<slug>} with a safe slug, no extra segment, query or fragment, and no header that
 * the connector did not mean to send. Inputs come from {@link Generated}: a fixed seed by default,
 * {@code -Dsynthflow.test.seed=...} to explore.
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

  @BeforeAll
  static void start() throws IOException {
    rig = HostileRig.start();
    startNanos = System.nanoTime();
  }

  @AfterAll
  static void stop() throws IOException {
    System.out.printf(
        "[hostile] property tests (seed %d): %d generated inputs tried, %d sent exactly one"
            + " request, %d rejected as INVALID_INPUT with no request, in %d ms; base URLs: %d of"
            + " %d sent%n",
        Generated.SEED,
        tried.get(),
        sent.get(),
        rejected.get(),
        (System.nanoTime() - startNanos) / 1_000_000,
        baseUrlSent.get(),
        baseUrlTried.get());
    rig.close();
    if (Generated.ranFully(PropertyRequestShapeTest.class)) {
      // Each generated case checks exactly one input: the README's figure is what really ran.
      assertThat(tried.get())
          .as("generated inputs per build (README), seed %d", Generated.SEED)
          .isEqualTo(ReadmeFigures.requestShapeTriesDeclared());
    }
    if (baseUrlTried.get() > 0) {
      assertThat((double) baseUrlSent.get() / baseUrlTried.get())
          .as("share of generated base URLs that sent a request, seed %d", Generated.SEED)
          .isGreaterThanOrEqualTo(MIN_BASE_URL_SENDING_SHARE);
    }
  }

  @TestFactory
  @Generated.Tries(200)
  Stream<DynamicTest> shouldRejectOrSendOneSafeRequest_forAnyPhoneNumber(TestInfo info) {
    return Generated.cases(
        info,
        PropertyRequestShapeTest::phoneNumber,
        phoneNumber -> check(rig.server().baseUrl(), phoneNumber, "/v2"));
  }

  /**
   * With a valid number, the base URL alone decides: it is sent to exactly when the rule below
   * (written out by hand, independently of the connector's own checks) says it is a plain http URL
   * of the loopback server with a path of plain segments, and then to exactly that path.
   */
  @TestFactory
  @Generated.Tries(200)
  Stream<DynamicTest> shouldSendExactlyWhenTheBaseUrlIsPlain_forAnyBaseUrl(TestInfo info) {
    return Generated.cases(
        info,
        gen -> schemeAndAuthority(gen) + basePath(gen),
        PropertyRequestShapeTest::checkBaseUrl);
  }

  /** The generated base URL says PORT: the server's port is known only when the suite runs. */
  static void checkBaseUrl(String generated) {
    String authority = "127.0.0.1:" + rig.server().port();
    String baseUrl = generated.replace("PORT", String.valueOf(rig.server().port()));
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

  @TestFactory
  @Generated.Tries(80)
  Stream<DynamicTest> shouldSendTheDigits_forAnyPlausibleE164NumberHoweverWritten(TestInfo info) {
    return Generated.cases(
        info,
        PropertyRequestShapeTest::e164Number,
        digitsAndWritten -> {
          String digits = digitsAndWritten.get(0);
          Timed timed = check(rig.server().baseUrl(), digitsAndWritten.get(1), "/v2");

          assertThat(timed.outcome().kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
          assertThat(rig.server().requests().get(0).target()).isEqualTo("/v2/numbers/" + digits);
        });
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

  static final String HOSTILE_CHARS =
      "0123456789+ ().-_/\\?#%&=@:;aZ~\r\n\t\u0000\u00e9\u0663\u202e\ufeff\u2028\uff11";

  static final List<String> INJECTIONS =
      List.of(
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

  /** Phone-like text, slugs, injection attempts, numbers and values of the wrong type. */
  static Object phoneNumber(Generated.Gen gen) {
    return switch (gen.weighted(3, 4, 2, 1, 2)) {
      case 0 -> gen.string(HOSTILE_CHARS, 0, 80);
      case 1 -> {
        String core = gen.bool() ? plausibleNumber(gen) : slug(gen);
        yield gen.oneOf(INJECTIONS) + core + gen.oneOf(INJECTIONS);
      }
      case 2 -> number(gen);
      case 3 ->
          gen.oneOf((Object) true, List.of("+14155550123", "+14155550124"), Map.of("number", "1"));
      default -> plausibleNumber(gen);
    };
  }

  static String plausibleNumber(Generated.Gen gen) {
    return "+" + gen.string(Generated.Gen.DIGITS, 1, 20);
  }

  static String slug(Generated.Gen gen) {
    return gen.string(Generated.Gen.ALPHANUMERIC + "_-", 0, 70);
  }

  /** Whole and fractional numbers as FEEL hands them over, extremes included. */
  static Object number(Generated.Gen gen) {
    return switch (gen.between(0, 2)) {
      case 0 ->
          gen.bool()
              ? (Object) gen.anyLong()
              : gen.oneOf(0L, 1L, -1L, 14155550123L, Long.MAX_VALUE, Long.MIN_VALUE);
      case 1 -> {
        // Up to 23 digits at scale 3: strictly between -1e20 and 1e20.
        BigDecimal value =
            new BigDecimal(new BigInteger(gen.string(Generated.Gen.DIGITS, 1, 23)), 3);
        yield gen.bool() ? value : value.negate();
      }
      default ->
          gen.bool()
              ? (Object) gen.between(-1e18, 1e18)
              : gen.oneOf(0.0, -0.0, 1e18, -1e18, 14155550123.0, 0.5, Double.MIN_VALUE);
    };
  }

  /**
   * Ways to write the start of the URL, three valid to one invalid. The host is always 127.0.0.1,
   * and https is left out (it would reach the plain server as a TLS handshake, not a request):
   * nothing can leave the machine.
   */
  static String schemeAndAuthority(Generated.Gen gen) {
    if (gen.weighted(3, 1) == 0) {
      return gen.oneOf(
          "http://127.0.0.1:PORT",
          "HTTP://127.0.0.1:PORT",
          "Http://127.0.0.1:PORT",
          "  http://127.0.0.1:PORT");
    }
    return gen.oneOf(
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
  static String basePath(Generated.Gen gen) {
    return switch (gen.weighted(3, 3, 1)) {
      case 0 -> {
        String path = "/" + String.join("/", plainSegments(gen));
        yield gen.oneOf(path, path + "/", path + "//", path + " ");
      }
      case 1 -> {
        List<String> all = plainSegments(gen);
        String odd = oddSegment(gen);
        all.add(Math.min(gen.between(0, 3), all.size()), odd);
        yield "/" + String.join("/", all);
      }
      default -> {
        List<String> mixed = new ArrayList<>();
        for (int i = gen.length(0, 4); i > 0; i--) {
          mixed.add(gen.bool() ? oddSegment(gen) : plainSegment(gen));
        }
        yield "/" + String.join("/", mixed);
      }
    };
  }

  static List<String> plainSegments(Generated.Gen gen) {
    List<String> segments = new ArrayList<>();
    for (int i = gen.length(0, 3); i > 0; i--) {
      segments.add(plainSegment(gen));
    }
    return segments;
  }

  static String plainSegment(Generated.Gen gen) {
    return gen.string(Generated.Gen.ALPHANUMERIC + "_~-", 1, 1)
        + gen.string(Generated.Gen.ALPHANUMERIC + "._~-", 0, 11);
  }

  /** Segments a lenient base-path rule would let through: dots, encodings, separators, junk. */
  static String oddSegment(Generated.Gen gen) {
    return switch (gen.between(0, 3)) {
      // dot segments, each its own share: the likeliest slip of a path rule
      case 0 -> gen.oneOf(".", "..", ".hidden", ".v2", "...", ".well-known");
      case 1 ->
          gen.oneOf(
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
              "a,b");
      // valid ones that look odd: they must be sent
      case 2 -> gen.oneOf("~u", "_", "-", "v2..", "a.b", "numbers");
      default -> gen.string(Generated.Gen.ALPHANUMERIC + "._~-", 1, 12);
    };
  }

  /** A valid E.164 number and one way a person might write it: [digits, written]. */
  static List<String> e164Number(Generated.Gen gen) {
    String digits = gen.string("123456789", 1, 1) + gen.string(Generated.Gen.DIGITS, 6, 14);
    String separator = gen.oneOf("", " ", "-", ".", " - ");
    boolean plus = gen.bool();
    int group = gen.between(1, 4);
    StringBuilder written = new StringBuilder(plus ? "+" : "");
    for (int i = 0; i < digits.length(); i += group) {
      written
          .append(i == 0 ? "" : separator)
          .append(digits, i, Math.min(digits.length(), i + group));
    }
    return List.of(digits, "  " + written + " ");
  }
}

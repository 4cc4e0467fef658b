package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInfo;

/**
 * Whatever a server wraps around an echoed key, and wherever the body cap cuts it, the text that
 * reaches an incident, a variable or a log line holds neither the key nor a telling part of it.
 * Inputs come from {@link Generated}: a fixed seed by default, {@code -Dsynthflow.test.seed=...} to
 * explore.
 */
class PropertyRedactionTest {

  static final String KEY = HostileSecrets.KEY;

  /** Generated key starts of exactly 3 and exactly 4 characters: both sides of the boundary. */
  static final AtomicInteger threeCharStarts = new AtomicInteger();

  static final AtomicInteger fourCharStarts = new AtomicInteger();

  @AfterAll
  static void shouldHaveTriedBothSidesOfTheBoundary() {
    if (Generated.ranFully(PropertyRedactionTest.class)) {
      assertThat(threeCharStarts.get())
          .as("cases ending in a 3-character key start, seed %d", Generated.SEED)
          .isPositive();
      assertThat(fourCharStarts.get())
          .as("cases ending in a 4-character key start, seed %d", Generated.SEED)
          .isPositive();
    }
  }

  record CutEcho(String before, String echo, String after, int cutFromEnd) {}

  @TestFactory
  @Generated.Tries(300)
  Stream<DynamicTest> shouldNeverExposeKeyOrItsStart_wheneverTheCapCutsAnEchoedBody(TestInfo info) {
    return Generated.cases(
        info,
        gen -> new CutEcho(filler(gen), echo(gen), filler(gen), gen.between(0, 200)),
        input -> {
          String body = input.before() + input.echo() + input.after();
          String capped = body.substring(0, Math.max(0, body.length() - input.cutFromEnd()));

          String cleaned = Redactor.clean(capped, KEY);

          assertThat(HostileSecrets.foundIn(cleaned)).isEmpty();
          for (String form : HostileSecrets.formsOf(KEY)) {
            for (int n = Redactor.MIN_PARTIAL_KEY; n < form.length(); n++) {
              assertThat(cleaned).doesNotEndWith(form.substring(0, n));
            }
          }
          assertThat(cleaned.length()).isLessThanOrEqualTo(Redactor.MAX_LENGTH + 1);
        });
  }

  @TestFactory
  @Generated.Tries(200)
  Stream<DynamicTest> shouldLeaveTextAlone_whenItHoldsNoPartOfTheKey(TestInfo info) {
    return Generated.cases(
        info,
        PropertyRedactionTest::filler,
        text -> {
          String cleaned = Redactor.clean(text, KEY);

          assertThat(cleaned).doesNotContain(Redactor.MASK);
        });
  }

  record TrailingStart(String before, String form, int length) {}

  /**
   * The partial-key boundary the README implies ("cut by the body limit"): text that ends in the
   * first 4 or more characters of the key, in any of its forms, ends masked; 3 or fewer say nothing
   * about the key and stay as they are.
   */
  @TestFactory
  @Generated.Tries(300)
  Stream<DynamicTest> shouldMaskATrailingKeyStartOfFourOrMore_whenTextEndsInOne(TestInfo info) {
    return Generated.cases(
        info,
        // A third of the lengths sit at the boundary, so that every seed tries both sides of it.
        gen ->
            new TrailingStart(
                keyAlphabetText(gen),
                gen.oneOf(List.copyOf(HostileSecrets.formsOf(KEY))),
                gen.weighted(2, 1) == 0 ? gen.between(1, 60) : gen.between(2, 5)),
        input -> {
          String form = input.form();
          int n = Math.min(input.length(), form.length() - 1);
          String text = "x" + input.before() + " " + form.substring(0, n);
          if (n == 3) {
            threeCharStarts.incrementAndGet();
          } else if (n == 4) {
            fourCharStarts.incrementAndGet();
          }

          String cleaned = Redactor.clean(text, KEY);

          if (n >= 4) {
            assertThat(cleaned).endsWith(" ***");
          } else {
            assertThat(cleaned).endsWith(" " + form.substring(0, n)).doesNotContain(Redactor.MASK);
          }
        });
  }

  static final String KEY_ALPHABET = KEY + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "abc ";

  /** Text made of the key's own characters, so that it can end in any part of it. */
  static String keyAlphabetText(Generated.Gen gen) {
    return gen.filtered(
        g -> g.string(KEY_ALPHABET, 0, 120), text -> HostileSecrets.foundIn(text).isEmpty());
  }

  static String filler(Generated.Gen gen) {
    return switch (gen.between(0, 2)) {
      case 0 -> gen.string(" \t\r\n", 0, 2_000);
      case 1 -> gen.string(Generated.Gen.ALPHANUMERIC + " {}\":,", 0, 600);
      default -> " ".repeat(SynthflowHttpClient.MAX_BODY_BYTES - KEY.length() + 3);
    };
  }

  static String echo(Generated.Gen gen) {
    return gen.oneOf(
        List.of(
            KEY,
            "Bearer " + KEY,
            "\"" + KEY.replace("/", "\\/") + "\"",
            "token=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8),
            "token=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8).replace("%2F", "%2f"),
            KEY + KEY));
  }
}

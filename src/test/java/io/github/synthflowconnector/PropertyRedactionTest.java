package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a server wraps around an echoed key, and wherever the body cap cuts it, the text that
 * reaches an incident, a variable or a log line holds neither the key nor a telling part of it.
 */
class PropertyRedactionTest {

  static final String KEY = HostileSecrets.KEY;

  @Property(tries = 300)
  void shouldNeverExposeKeyOrItsStart_wheneverTheCapCutsAnEchoedBody(
      @ForAll("fillers") String before,
      @ForAll("echoes") String echo,
      @ForAll("fillers") String after,
      @ForAll @IntRange(min = 0, max = 200) int cutFromEnd) {
    String body = before + echo + after;
    String capped = body.substring(0, Math.max(0, body.length() - cutFromEnd));

    String cleaned = Redactor.clean(capped, KEY);

    assertThat(HostileSecrets.foundIn(cleaned)).isEmpty();
    for (String form : HostileSecrets.formsOf(KEY)) {
      for (int n = Redactor.MIN_PARTIAL_KEY; n < form.length(); n++) {
        assertThat(cleaned).doesNotEndWith(form.substring(0, n));
      }
    }
    assertThat(cleaned.length()).isLessThanOrEqualTo(Redactor.MAX_LENGTH + 1);
  }

  @Property(tries = 200)
  void shouldLeaveTextAlone_whenItHoldsNoPartOfTheKey(@ForAll("fillers") String text) {
    String cleaned = Redactor.clean(text, KEY);

    assertThat(cleaned).doesNotContain(Redactor.MASK);
  }

  /**
   * The partial-key boundary the README implies ("cut by the body limit"): text that ends in the
   * first 4 or more characters of the key, in any of its forms, ends masked; 3 or fewer say nothing
   * about the key and stay as they are.
   */
  @Property(tries = 300)
  void shouldMaskATrailingKeyStartOfFourOrMore_whenTextEndsInOne(
      @ForAll("keyAlphabetText") String before,
      @ForAll("keyForms") String form,
      @ForAll @IntRange(min = 1, max = 60) int length) {
    int n = Math.min(length, form.length() - 1);
    String text = "x" + before + " " + form.substring(0, n);

    String cleaned = Redactor.clean(text, KEY);

    if (n >= 4) {
      assertThat(cleaned).endsWith(" ***");
    } else {
      assertThat(cleaned).endsWith(" " + form.substring(0, n)).doesNotContain(Redactor.MASK);
    }
  }

  /** Text made of the key's own characters, so that it can end in any part of it. */
  @Provide
  Arbitrary<String> keyAlphabetText() {
    return Arbitraries.strings()
        .withChars((KEY + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "abc ").toCharArray())
        .ofMaxLength(120)
        .filter(text -> HostileSecrets.foundIn(text).isEmpty());
  }

  @Provide
  Arbitrary<String> keyForms() {
    return Arbitraries.of(HostileSecrets.formsOf(KEY));
  }

  @Provide
  Arbitrary<String> fillers() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars(" \t\r\n").ofMaxLength(2_000),
        Arbitraries.strings().alpha().numeric().withChars(" {}\":,").ofMaxLength(600),
        Arbitraries.just(" ".repeat(SynthflowHttpClient.MAX_BODY_BYTES - KEY.length() + 3)));
  }

  @Provide
  Arbitrary<String> echoes() {
    return Arbitraries.of(
        KEY,
        "Bearer " + KEY,
        "\"" + KEY.replace("/", "\\/") + "\"",
        "token=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8),
        "token=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8).replace("%2F", "%2f"),
        KEY + KEY);
  }
}

package io.github.synthflowconnector;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The phone-number inputs both the connector ({@link PhoneNumberSlugTest}) and the no-install
 * template are tested with: one table, so the two cannot drift apart on what they accept.
 */
public final class PhoneNumberFormats {

  private PhoneNumberFormats() {}

  /** Inputs that name a number or a slug, each with the slug that goes into the URL. */
  public static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("+14155550123", "14155550123"),
        Arguments.of("14155550123", "14155550123"),
        Arguments.of("+1 415 555 0123", "14155550123"),
        Arguments.of("+1 (415) 555-0123", "14155550123"),
        Arguments.of("+1.415.555.0123", "14155550123"),
        Arguments.of("1-415-555-0123", "14155550123"),
        Arguments.of("  +33 7 82 99 05 80 ", "33782990580"),
        Arguments.of("+6834001", "6834001"),
        Arguments.of("+123456789012345", "123456789012345"),
        Arguments.of("pn_8f2a-17", "pn_8f2a-17"),
        Arguments.of("ABCdef", "ABCdef"));
  }

  /** Text that is neither an E.164 number nor a slug. */
  public static final List<String> INVALID_TEXT =
      List.of(
          "",
          "   ",
          "+1",
          "12345",
          "+1234567890123456",
          "+49 (0)30 1234567",
          "0301234567",
          "+1 415 555 0123 +1",
          "../admin",
          "1415555/0123",
          "14155550123?x=1",
          "14155550123#x",
          "pn 8f2a",
          "a%2Fb",
          "line\nbreak",
          "tab\there",
          "ünïcode",
          "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm");

  /** {@link #INVALID_TEXT} as parameters. */
  public static Stream<String> invalidText() {
    return INVALID_TEXT.stream();
  }
}

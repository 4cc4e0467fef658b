package io.github.synthflowconnector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Turns what a modeler types (or a FEEL expression yields) into the path segment Synthflow expects:
 * the phone number without its leading {@code +}.
 *
 * <p>Anything made only of digits and the usual separators is read as a phone number and must be a
 * plausible E.164 number; anything else must already be a slug. The rules are strict on purpose:
 * the call deletes irrevocably, so a guess that lands on another number is worse than an error.
 */
final class PhoneNumberSlug {

  static final String FIELD = "phoneNumber";

  /**
   * Digits with optional leading {@code +} and separators people write between groups. Also read by
   * the no-install template's generator, which turns these rules into FEEL.
   */
  static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9 ().\\-]*[0-9][0-9 ().\\-]*");

  /** A slug as Synthflow could issue it; also guarantees a single, safe path segment. */
  static final Pattern RAW_SLUG = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  static final int MIN_E164_DIGITS = 7;
  static final int MAX_E164_DIGITS = 15;

  private PhoneNumberSlug() {}

  /**
   * @return the slug, only ever matching {@code [A-Za-z0-9_-]{1,64}}
   * @throws InvalidInputException naming the field and what it expects
   */
  static String from(Object phoneNumber) {
    if (phoneNumber == null) {
      throw invalid("is required: an E.164 phone number such as +14155550123, or its slug");
    }
    if (phoneNumber instanceof Number number) {
      return fromNumber(number);
    }
    if (!(phoneNumber instanceof String text)) {
      throw invalid(
          "must be text or a number, but the expression produced a "
              + describeType(phoneNumber)
              + " (use a single phone number per task, e.g. a multi-instance over a list)");
    }
    String value = text.strip();
    if (value.isEmpty()) {
      throw invalid("is empty: enter an E.164 phone number such as +14155550123, or its slug");
    }
    if (PHONE_LIKE.matcher(value).matches()) {
      return fromPhoneNumber(value);
    }
    if (RAW_SLUG.matcher(value).matches()) {
      return value;
    }
    throw invalid(
        "must be an E.164 phone number such as +14155550123 (spaces, dashes, dots and"
            + " parentheses allowed) or a slug of 1 to 64 letters, digits, '_' or '-'");
  }

  private static String fromNumber(Number number) {
    BigInteger digits;
    try {
      digits = new BigDecimal(number.toString()).toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid("must be a whole number when given as a number");
    }
    if (digits.signum() <= 0) {
      throw invalid("must be a positive number when given as a number");
    }
    return fromPhoneNumber(digits.toString());
  }

  private static String fromPhoneNumber(String value) {
    // "+49 (0)30 1234567" is common in Europe; dropping only the parentheses would dial 49030...
    if (value.contains("(0)")) {
      throw invalid(
          "contains the national trunk prefix '(0)': remove it to get the E.164 number (for"
              + " example +49 30 1234567)");
    }
    if (value.indexOf('+', 1) >= 0) {
      throw invalid("may contain '+' only at the start");
    }
    StringBuilder kept = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        kept.append(c);
      }
    }
    String digits = kept.toString();
    if (digits.length() < MIN_E164_DIGITS || digits.length() > MAX_E164_DIGITS) {
      throw invalid(
          "must have "
              + MIN_E164_DIGITS
              + " to "
              + MAX_E164_DIGITS
              + " digits including the country code (E.164), but has "
              + digits.length());
    }
    if (digits.charAt(0) == '0') {
      throw invalid(
          "must start with the country code, not 0 (E.164: +<country code><number>, for"
              + " example +14155550123)");
    }
    return digits;
  }

  private static String describeType(Object value) {
    if (value instanceof java.util.Collection<?>) {
      return "list";
    }
    if (value instanceof java.util.Map<?, ?>) {
      return "context/object";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return "value of another type";
  }

  private static InvalidInputException invalid(String problem) {
    return new InvalidInputException(FIELD, problem);
  }
}

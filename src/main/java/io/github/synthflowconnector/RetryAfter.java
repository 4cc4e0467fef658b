package io.github.synthflowconnector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.utils.DateUtils;

/** Parses {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110, section 10.2.3). */
final class RetryAfter {

  /**
   * HttpClient's asctime format names no zone, so HttpClient cannot make an instant of it; HTTP
   * dates are always GMT.
   */
  private static final DateTimeFormatter ASCTIME =
      DateUtils.FORMATTER_ASCTIME.withZone(ZoneOffset.UTC);

  /**
   * The two-digit year of an RFC 850 date. HttpClient reads "94" as 2094 (and then rejects the
   * date, whose weekday does not match); its lenient formatter accepts four digits, so the year is
   * widened here as RFC 9110 says: a year more than 50 years ahead is the century before.
   */
  private static final Pattern RFC_850_YEAR =
      Pattern.compile("^([^,]+,\\s*\\d{1,2}-\\p{Alpha}{3}-)(\\d{2})(\\s.*)$");

  private RetryAfter() {}

  /**
   * @return the wait the server asked for, never negative; empty when the header is absent or
   *     malformed (a negative number counts as malformed)
   */
  static Optional<Duration> parse(Optional<String> header, Clock clock) {
    if (header.isEmpty() || header.get().isBlank()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    if (value.chars().allMatch(Character::isDigit)) {
      // Digits only: at most ~ 31 years fit a long of seconds; anything longer is capped later.
      return Optional.of(
          value.length() > 9
              ? Duration.ofSeconds(999_999_999L)
              : Duration.ofSeconds(Long.parseLong(value)));
    }
    return httpDate(value, clock)
        .map(at -> Duration.between(clock.instant(), at))
        .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
  }

  /** IMF-fixdate, RFC 850 or asctime (RFC 9110, section 5.6.7), read with HttpClient's formats. */
  private static Optional<Instant> httpDate(String value, Clock clock) {
    Instant imf = DateUtils.parseDate(value, DateUtils.FORMATTER_RFC1123);
    if (imf != null) {
      return Optional.of(imf);
    }
    Matcher rfc850 = RFC_850_YEAR.matcher(value);
    if (rfc850.matches()) {
      int thisYear = clock.instant().atOffset(ZoneOffset.UTC).getYear();
      int year = thisYear / 100 * 100 + Integer.parseInt(rfc850.group(2));
      if (year > thisYear + 50) {
        year -= 100;
      }
      return Optional.ofNullable(
          DateUtils.parseDate(
              rfc850.group(1) + year + rfc850.group(3), DateUtils.FORMATTER_RFC1036));
    }
    try {
      // asctime pads a one-digit day with a space: "Sun Nov  6 08:49:37 1994".
      return Optional.of(Instant.from(ASCTIME.parse(value.replaceAll("\\s+", " "))));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

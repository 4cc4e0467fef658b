package io.github.synthflowconnector;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110, section 10.2.3). */
final class RetryAfter {

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
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
